"""``live_compare``: a live table against its profile, on answers made by hand (no AWS, no moto).

``live_of`` builds, from a profile, the answers AWS gives for a table that
module made; adopt's mapping reads them back to the profile's values (so the
builder says what AWS says, not what the comparison expects). Each test then
changes one thing the way it changes outside Terraform and reads what
``compare`` says: the path, both values, whether terraform plan would show it,
and the fix.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest

from generator.adopt import mapping
from generator.adopt.live import KmsKey, LiveReplica, LiveTable, Unread
from generator.folder import live_compare
from generator.folder.live_compare import compare
from generator.profile.loader import Profile, load_profile
from generator.profile.rules import WARM_DEFAULTS
from tests.conftest import write_profile

REGION = "us-east-1"
ACCOUNT = "123456789012"
AWS_MANAGED_KEY = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/aws-managed"
CMK = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
FOLDER = "modules/orders"

SCALED = """\
extends: production
aws_provider: {line}
billing_mode: PROVISIONED
enable_autoscaling: true
enable_contributor_insights: true
common_tags: {{Team: payments}}
table:
  name: orders
  attributes: {{tenant: S, order: S, status: S, total: N}}
  hash_key: tenant
  range_key: order
  global_secondary_indexes:
    ByStatus: {{hash_key: status, range_key: order, projection: ALL}}
    ByTotal: {{hash_key: tenant, range_key: total, projection: [status], read_capacity: 2, write_capacity: 2, autoscaling_read_max_capacity: 20, autoscaling_write_max_capacity: 20}}
  local_secondary_indexes:
    ByOrderTotal: {{range_key: total, projection: KEYS_ONLY}}
orders_table_name: orders-prod
"""
ON_DEMAND = """\
extends: development
aws_provider: {line}
on_demand_throughput: {{max_read_request_units: 100, max_write_request_units: 50}}
table:
  name: orders
  attributes: {{tenant: S, order: S, status: S}}
  hash_key: tenant
  range_key: order
  global_secondary_indexes:
    ByStatus: {{hash_key: status, projection: KEYS_ONLY, on_demand_throughput: {{max_read_request_units: 10, max_write_request_units: 10}}}}
orders_table_name: orders-dev
"""


def profile_of(tmp_path, text: str, line: int = 6, *overrides: str) -> Profile:
    path = write_profile(tmp_path, "orders", text.format(line=line))
    return load_profile(str(path), overrides)


def _keys(hash_key: str | None, range_key: str | None) -> list[dict[str, str]]:
    return [{"AttributeName": hash_key, "KeyType": "HASH"}] * bool(hash_key) + [
        {"AttributeName": range_key, "KeyType": "RANGE"}
    ] * bool(range_key)


def _projection(index: Any) -> dict[str, Any]:
    if index.projection == "INCLUDE":
        return {"ProjectionType": "INCLUDE", "NonKeyAttributes": list(index.non_key_attributes)}
    return {"ProjectionType": index.projection}


def _limits(limits: dict[str, Any] | None) -> dict[str, int]:
    limits = limits or {}
    return {
        "MaxReadRequestUnits": limits.get("max_read_request_units") or -1,
        "MaxWriteRequestUnits": limits.get("max_write_request_units") or -1,
    }


def live_of(profile: Profile, environment: str = "production") -> LiveTable:
    """The answers AWS gives for the table the profile's module makes, as adopt's readers keep them."""
    values, design = profile.values, profile.design
    name = values[design.table_name_input]
    arn = f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{name}"
    provisioned = values["billing_mode"] == "PROVISIONED"
    autoscaled = provisioned and values["enable_autoscaling"]
    indexes = design.global_indexes_with(values)
    used = [design.hash_key, design.range_key] + [
        key for index in [*indexes, *design.local_indexes] for key in index.key_attributes
    ]
    table: dict[str, Any] = {
        "TableName": name,
        "TableArn": arn,
        "TableStatus": "ACTIVE",
        "KeySchema": _keys(design.hash_key, design.range_key),
        "AttributeDefinitions": [
            {"AttributeName": key, "AttributeType": design.attributes[key]} for key in dict.fromkeys(used) if key
        ],
        "BillingModeSummary": {"BillingMode": values["billing_mode"]},
        "ProvisionedThroughput": {
            "ReadCapacityUnits": values["read_capacity"] if provisioned else 0,
            "WriteCapacityUnits": values["write_capacity"] if provisioned else 0,
        },
        "TableClassSummary": {"TableClass": values["table_class"]},
        "DeletionProtectionEnabled": values["prevent_destroy"],
        "SSEDescription": {
            "Status": "ENABLED",
            "SSEType": "KMS",
            "KMSMasterKeyArn": values["kms_key_arn"] or AWS_MANAGED_KEY,
        },
    }
    if not provisioned:
        table["OnDemandThroughput"] = _limits(values["on_demand_throughput"])
    if values["stream_enabled"]:
        table["StreamSpecification"] = {"StreamEnabled": True, "StreamViewType": values["stream_view_type"]}
        table["LatestStreamArn"] = f"{arn}/stream/2026-01-01T00:00:00.000"
    if values.get("warm_throughput"):
        warm = values["warm_throughput"]
        table["WarmThroughput"] = {
            "ReadUnitsPerSecond": warm["read_units_per_second"],
            "WriteUnitsPerSecond": warm["write_units_per_second"],
            "Status": "ACTIVE",
        }
    gsis = []
    for index in indexes:
        described = {
            "IndexName": index.name,
            "KeySchema": [{"AttributeName": name, "KeyType": kind} for name, kind in index.key_schema],
            "Projection": _projection(index),
            "IndexStatus": "ACTIVE",
            # Every index reports warm throughput, DynamoDB's default where none was set.
            "WarmThroughput": {
                "ReadUnitsPerSecond": (index.warm_throughput or WARM_DEFAULTS)["read_units_per_second"],
                "WriteUnitsPerSecond": (index.warm_throughput or WARM_DEFAULTS)["write_units_per_second"],
                "Status": "ACTIVE",
            },
        }
        if provisioned:
            described["ProvisionedThroughput"] = {
                "ReadCapacityUnits": index.read_capacity or values["read_capacity"],
                "WriteCapacityUnits": index.write_capacity or values["write_capacity"],
            }
        else:
            described["OnDemandThroughput"] = _limits(index.on_demand_throughput)
        gsis.append(described)
    if gsis:
        table["GlobalSecondaryIndexes"] = gsis
    if design.local_indexes:
        table["LocalSecondaryIndexes"] = [
            {
                "IndexName": index.name,
                "KeySchema": _keys(design.hash_key, index.range_key),
                "Projection": _projection(index),
            }
            for index in design.local_indexes
        ]
    tags = {"Environment": environment, **values["common_tags"]}
    replicas = []
    if values["replica_regions"]:
        table["Replicas"] = [
            {"RegionName": entry["region_name"], "ReplicaStatus": "ACTIVE"} for entry in values["replica_regions"]
        ]
        table["MultiRegionConsistency"] = values["replica_regions"][0].get("consistency_mode") or "EVENTUAL"
        for entry in values["replica_regions"]:
            region = entry["region_name"]
            replica_arn = arn.replace(REGION, region)
            pitr = (
                values["point_in_time_recovery_enabled"]
                if entry.get("point_in_time_recovery") is None
                else entry["point_in_time_recovery"]
            )
            protected = (
                values["prevent_destroy"]
                if entry.get("deletion_protection_enabled") is None
                else entry["deletion_protection_enabled"]
            )
            key = entry.get("kms_key_arn") or AWS_MANAGED_KEY.replace(REGION, region)
            replicas.append(
                LiveReplica(
                    region=region,
                    table={"TableName": name, "TableArn": replica_arn, "DeletionProtectionEnabled": protected},
                    backups={
                        "PointInTimeRecoveryDescription": {
                            "PointInTimeRecoveryStatus": "ENABLED" if pitr else "DISABLED"
                        }
                    },
                    tags=dict(tags),
                    kms=KmsKey(key, not entry.get("kms_key_arn")),
                    resource_policy=values["resource_policy"]
                    and values["resource_policy"].replace("__DYNAMODB_TABLE_ARN__", replica_arn),
                )
            )
    targets, policies = [], []
    if autoscaled:
        for key, resource_id, kind, index in [("table", f"table/{name}", "table", None)] + [
            (index.key, f"table/{name}/index/{index.name}", "index", index) for index in indexes
        ]:
            for unit, capacity in (("read", "ReadCapacityUnits"), ("write", "WriteCapacityUnits")):
                low = (getattr(index, f"{unit}_capacity") if index else None) or values[f"{unit}_capacity"]
                high = (getattr(index, f"autoscaling_{unit}_max_capacity") if index else None) or values[
                    f"autoscaling_{unit}_max_capacity"
                ]
                dimension = f"dynamodb:{kind}:{capacity}"
                targets.append(
                    {
                        "ResourceId": resource_id,
                        "ScalableDimension": dimension,
                        "MinCapacity": low,
                        "MaxCapacity": high,
                        "ScalableTargetARN": f"arn:aws:application-autoscaling:{REGION}:{ACCOUNT}:scalable-target/{key}{unit}",
                    }
                )
                metric = f"DynamoDB{unit.title()}CapacityUtilization"
                policies.append(
                    {
                        "PolicyName": f"{metric}:{resource_id}",
                        "ResourceId": resource_id,
                        "ScalableDimension": dimension,
                        "PolicyType": "TargetTrackingScaling",
                        "TargetTrackingScalingPolicyConfiguration": {
                            "TargetValue": float(values[f"autoscaling_{unit}_target_value"]),
                            "PredefinedMetricSpecification": {"PredefinedMetricType": metric},
                        },
                    }
                )
    status = "ENABLED" if values["enable_contributor_insights"] else "DISABLED"
    insights = {"": {"ContributorInsightsStatus": status}}
    insights |= {index.name: {"ContributorInsightsStatus": status} for index in indexes}
    if values["enable_contributor_insights"] and profile.aws_provider >= 6:
        for answer in insights.values():
            answer["ContributorInsightsMode"] = values["contributor_insights_mode"]
    stream_arn = table.get("LatestStreamArn", "")
    return LiveTable(
        table=table,
        ttl={"TimeToLiveStatus": "ENABLED", "AttributeName": values["ttl_attribute_name"]}
        if values["ttl_enabled"]
        else {"TimeToLiveStatus": "DISABLED"},
        backups={
            "PointInTimeRecoveryDescription": {
                "PointInTimeRecoveryStatus": "ENABLED" if values["point_in_time_recovery_enabled"] else "DISABLED",
                **(
                    {"RecoveryPeriodInDays": values["point_in_time_recovery_period_in_days"] or 35}
                    if values["point_in_time_recovery_enabled"]
                    else {}
                ),
            }
        },
        tags=tags,
        kms=KmsKey(values["kms_key_arn"] or AWS_MANAGED_KEY, not values["kms_key_arn"]),
        insights=insights,
        resource_policy=values["resource_policy"] and values["resource_policy"].replace("__DYNAMODB_TABLE_ARN__", arn),
        stream_policy=values["stream_resource_policy"]
        and values["stream_resource_policy"].replace("__DYNAMODB_STREAM_ARN__", stream_arn),
        scalable_targets=targets,
        scaling_policies=policies,
        replicas=tuple(replicas),
    )


def paths(comparison: live_compare.Comparison) -> list[str]:
    return [item.path for item in comparison.differences]


def one(comparison: live_compare.Comparison) -> live_compare.Difference:
    assert len(comparison.differences) == 1, [item.as_dict() for item in comparison.differences]
    return comparison.differences[0]


def changed(live: LiveTable, edit: Callable[[dict[str, Any]], None], part: str = "table") -> LiveTable:
    """``live`` with one of its answers edited, the others as they were."""
    answers = {name: copy.deepcopy(getattr(live, name)) for name in ("table", "ttl", "backups", "tags")}
    edit(answers[part])
    return LiveTable(**{**live.__dict__, **answers})


# -- a table as its module makes it ---------------------------------------------------------------

VARIANTS = {
    "scaled-6": (SCALED, 6, ()),
    "index-warm-6": (
        SCALED.replace(
            "ByStatus: {{hash_key: status, range_key: order, projection: ALL}}",
            "ByStatus: {{hash_key: status, range_key: order, projection: ALL, "
            "warm_throughput: {{read_units_per_second: 15000, write_units_per_second: 5000}}}}",
        ),
        6,
        (),
    ),
    "multi-attribute-6": (
        SCALED.replace("ByStatus: {{hash_key: status,", "ByStatus: {{hash_key: [status, total],"),
        6,
        (),
    ),
    "scaled-5": (SCALED, 5, ()),
    "on-demand-6": (ON_DEMAND, 6, ()),
    "provisioned-fixed": (SCALED, 6, ("enable_autoscaling=false",)),
    "every-setting": (
        ON_DEMAND,
        6,
        (
            "point_in_time_recovery_enabled=true",
            "point_in_time_recovery_period_in_days=10",
            "table_class=STANDARD_INFREQUENT_ACCESS",
            "warm_throughput={read_units_per_second: 13000, write_units_per_second: 5000}",
            f"kms_key_arn={CMK}",
            f"replica_regions=[{{region_name: us-west-2, kms_key_arn: {CMK.replace(REGION, 'us-west-2')}, point_in_time_recovery: false}}]",
            'resource_policy={"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "dynamodb:GetItem", "Resource": "__DYNAMODB_TABLE_ARN__"}]}',
            "enable_contributor_insights=true",
            "contributor_insights_mode=THROTTLED_KEYS",
        ),
    ),
}


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_table_its_module_makes_is_clean(tmp_path, variant):
    text, line, overrides = VARIANTS[variant]
    profile = profile_of(tmp_path, text, line, *overrides)

    comparison = compare(live_of(profile), profile, FOLDER)

    assert comparison.differences == [] and comparison.not_checked == []


@pytest.mark.parametrize("variant", VARIANTS)
def test_adopt_reads_the_made_up_answers_back_to_the_profile(tmp_path, variant):
    """The answers of live_of are AWS's for that table: adopt's own mapping finds the profile's values in them."""
    text, line, overrides = VARIANTS[variant]
    profile = profile_of(tmp_path, text, line, *overrides)

    plan = mapping.plan(live_of(profile), line, "orders")

    # adopt leaves warm throughput to AWS, and cannot tell an index's autoscaling maximum without autoscaling.
    read = {key: value for key, value in plan.values.items() if key not in ("common_tags", "warm_throughput")}
    wanted = {key: profile.values[key] for key in read}
    if wanted["point_in_time_recovery_enabled"]:  # null is AWS's default period, which adopt writes out
        wanted["point_in_time_recovery_period_in_days"] = wanted["point_in_time_recovery_period_in_days"] or 35
    assert wanted == read

    def shape(design):
        return [
            (index.name, index.hash_keys, index.range_keys, index.projection, index.non_key_attributes)
            for index in design.global_indexes + design.local_indexes
        ]

    assert (plan.design.hash_key, plan.design.range_key, shape(plan.design)) == (
        profile.design.hash_key,
        profile.design.range_key,
        shape(profile.design),
    )


# -- what Terraform cannot see --------------------------------------------------------------------


def test_an_index_added_outside_terraform_on_provider_5_with_autoscaling(tmp_path):
    profile = profile_of(tmp_path, SCALED, 5)

    def add(table):
        table["GlobalSecondaryIndexes"].append(
            {"IndexName": "ByKind", "KeySchema": _keys("kind", None), "Projection": {"ProjectionType": "ALL"}}
        )

    difference = one(compare(changed(live_of(profile), add), profile, FOLDER))

    assert (difference.path, difference.expected, difference.live) == (
        "table.global_secondary_indexes.ByKind",
        "absent",
        {"hash_key": "kind", "projection": "ALL"},
    )
    assert difference.unseen == live_compare.INDEX_SET_IGNORED
    assert difference.fix.startswith(
        'aws dynamodb update-table --table-name orders-prod --global-secondary-index-updates \'[{"Delete":{"IndexName":"ByKind"}}]\' --region us-east-1'
    )
    assert "declare it" in difference.keep


def test_an_index_added_outside_terraform_on_provider_6_has_no_resource(tmp_path):
    profile = profile_of(tmp_path, ON_DEMAND, 6)

    def add(table):
        table["GlobalSecondaryIndexes"].append(
            {"IndexName": "ByKind", "KeySchema": _keys("kind", None), "Projection": {"ProjectionType": "ALL"}}
        )

    difference = one(compare(changed(live_of(profile), add), profile, FOLDER))

    assert difference.unseen == live_compare.NO_INDEX_RESOURCE and "Delete" in difference.fix


def test_an_index_added_outside_terraform_on_provider_5_without_autoscaling_is_planned_away(tmp_path):
    profile = profile_of(tmp_path, ON_DEMAND, 5)

    def add(table):
        table["GlobalSecondaryIndexes"].append(
            {"IndexName": "ByKind", "KeySchema": _keys("kind", None), "Projection": {"ProjectionType": "ALL"}}
        )

    difference = one(compare(changed(live_of(profile), add), profile, FOLDER))

    assert (
        difference.unseen == ""
        and difference.fix == "regenerate and apply: ddbgen regenerate modules/orders, then terraform apply"
    )


def test_an_index_missing_on_provider_5_with_autoscaling_is_created_with_the_aws_cli(tmp_path):
    profile = profile_of(tmp_path, SCALED, 5)

    def drop(table):
        table["GlobalSecondaryIndexes"] = [
            index for index in table["GlobalSecondaryIndexes"] if index["IndexName"] != "ByTotal"
        ]

    difference = one(compare(changed(live_of(profile), drop), profile, FOLDER))

    assert (difference.path, difference.expected, difference.live) == (
        "table.global_secondary_indexes.ByTotal",
        "present",
        "absent",
    )
    assert '"Create":{"IndexName":"ByTotal"' in difference.fix and '"ReadCapacityUnits":2' in difference.fix
    assert '{"AttributeName":"total","AttributeType":"N"}' in difference.fix
    assert difference.fix.endswith("aws dynamodb wait table-exists --table-name orders-prod --region us-east-1")


@pytest.mark.parametrize("line", [5, 6])
def test_an_index_projection_changed_outside_terraform(tmp_path, line):
    profile = profile_of(tmp_path, SCALED, line)

    def project(table):
        table["GlobalSecondaryIndexes"][0]["Projection"] = {"ProjectionType": "KEYS_ONLY"}

    difference = one(compare(changed(live_of(profile), project), profile, FOLDER))

    assert (difference.path, difference.expected, difference.live) == (
        "table.global_secondary_indexes.ByStatus.projection",
        "ALL",
        "KEYS_ONLY",
    )
    if line == 5:  # rebuilt with the AWS CLI: Delete, then Create with the profile's projection
        assert difference.unseen == live_compare.INDEX_SET_IGNORED
        assert difference.fix.index('"Delete"') < difference.fix.index('"Create":{"IndexName":"ByStatus"')
    else:  # the index's own resource plans its replacement
        assert difference.unseen == "" and difference.fix.startswith("regenerate and apply")


def test_index_keys_and_include_lists(tmp_path):
    profile = profile_of(tmp_path, SCALED, 6)

    def edit(table):
        by_total = table["GlobalSecondaryIndexes"][1]
        by_total["KeySchema"] = _keys("status", "total")
        by_total["Projection"]["NonKeyAttributes"] = ["status", "note"]

    found = compare(changed(live_of(profile), edit), profile, FOLDER).differences

    assert [(item.path, item.expected, item.live) for item in found] == [
        ("table.global_secondary_indexes.ByTotal.hash_key", "tenant", "status"),
        ("table.global_secondary_indexes.ByTotal.projection", ["status"], ["note", "status"]),
    ]


def test_multi_attribute_keys_are_compared_whole_and_in_order(tmp_path):
    text = SCALED.replace("ByStatus: {{hash_key: status,", "ByStatus: {{hash_key: [status, total],")
    profile = profile_of(tmp_path, text, 6)

    def reorder(table):
        table["GlobalSecondaryIndexes"][0]["KeySchema"] = _keys("total", None) + _keys("status", "order")

    def single(table):
        table["GlobalSecondaryIndexes"][0]["KeySchema"] = _keys("status", "order")

    reordered = one(compare(changed(live_of(profile), reorder), profile, FOLDER))
    assert (reordered.path, reordered.expected, reordered.live) == (
        "table.global_secondary_indexes.ByStatus.hash_key",
        ["status", "total"],
        ["total", "status"],
    )
    shortened = one(compare(changed(live_of(profile), single), profile, FOLDER))
    assert (shortened.expected, shortened.live) == (["status", "total"], "status")


def test_an_index_warm_throughput_where_the_design_gives_it(tmp_path):
    text, line, overrides = VARIANTS["index-warm-6"]
    profile = profile_of(tmp_path, text, line, *overrides)

    def lower(table):
        table["GlobalSecondaryIndexes"][0]["WarmThroughput"]["WriteUnitsPerSecond"] = 4000

    difference = one(compare(changed(live_of(profile), lower), profile, FOLDER))
    assert (difference.path, difference.expected, difference.live) == (
        "table.global_secondary_indexes.ByStatus.warm_throughput",
        {"read_units_per_second": 15000, "write_units_per_second": 5000},
        {"read_units_per_second": 15000, "write_units_per_second": 4000},
    )


def test_an_index_warm_throughput_the_design_leaves_to_aws_is_not_compared(tmp_path):
    profile = profile_of(tmp_path, SCALED, 6)

    def raise_it(table):
        table["GlobalSecondaryIndexes"][0]["WarmThroughput"]["ReadUnitsPerSecond"] = 40000

    assert compare(changed(live_of(profile), raise_it), profile, FOLDER).differences == []


def test_index_on_demand_limits(tmp_path):
    profile = profile_of(tmp_path, ON_DEMAND, 6)

    def limit(table):
        table["GlobalSecondaryIndexes"][0]["OnDemandThroughput"] = {
            "MaxReadRequestUnits": 500,
            "MaxWriteRequestUnits": -1,
        }

    difference = one(compare(changed(live_of(profile), limit), profile, FOLDER))

    assert difference.path == "table.global_secondary_indexes.ByStatus.on_demand_throughput"
    assert difference.expected == {"max_read_request_units": 10, "max_write_request_units": 10}
    assert difference.live == {"max_read_request_units": 500, "max_write_request_units": None}


def test_limits_the_profile_does_not_set_are_removed_with_minus_one(tmp_path):
    profile = profile_of(tmp_path, ON_DEMAND, 6, "on_demand_throughput=null")

    def limit(table):
        table["OnDemandThroughput"] = {"MaxReadRequestUnits": 7, "MaxWriteRequestUnits": -1}

    difference = one(compare(changed(live_of(profile), limit), profile, FOLDER))

    assert (difference.path, difference.expected) == ("on_demand_throughput", None)
    assert "--on-demand-throughput MaxReadRequestUnits=-1,MaxWriteRequestUnits=-1" in difference.fix


def test_warm_throughput_where_the_profile_gives_it(tmp_path):
    profile = profile_of(
        tmp_path, ON_DEMAND, 6, "warm_throughput={read_units_per_second: 13000, write_units_per_second: 5000}"
    )

    def cooler(table):
        table["WarmThroughput"]["WriteUnitsPerSecond"] = 4000

    difference = one(compare(changed(live_of(profile), cooler), profile, FOLDER))

    assert (difference.path, difference.live) == (
        "warm_throughput",
        {"read_units_per_second": 13000, "write_units_per_second": 4000},
    )


def test_warm_throughput_the_profile_leaves_to_aws_is_not_compared(tmp_path):
    profile = profile_of(tmp_path, ON_DEMAND, 6)

    def warm(table):
        table["WarmThroughput"] = {"ReadUnitsPerSecond": 12000, "WriteUnitsPerSecond": 4000, "Status": "ACTIVE"}

    assert compare(changed(live_of(profile), warm), profile, FOLDER).differences == []


@pytest.mark.parametrize(
    "edit, path, wanted, live",
    [
        (
            lambda index: index.update(Projection={"ProjectionType": "ALL"}),
            "table.local_secondary_indexes.ByOrderTotal.projection",
            "KEYS_ONLY",
            "ALL",
        ),
        (
            lambda index: index.update(KeySchema=_keys("tenant", "status")),
            "table.local_secondary_indexes.ByOrderTotal.range_key",
            "total",
            "status",
        ),
    ],
)
def test_local_index_keys_and_projection_the_provider_tells_apart_by_name_only(tmp_path, edit, path, wanted, live):
    profile = profile_of(tmp_path, SCALED, 5)

    difference = one(
        compare(changed(live_of(profile), lambda table: edit(table["LocalSecondaryIndexes"][0])), profile, FOLDER)
    )

    assert (difference.path, difference.expected, difference.live) == (path, wanted, live)
    assert difference.unseen == live_compare.LOCAL_BY_NAME and difference.fix == live_compare.REBUILD


def test_the_table_keys(tmp_path):
    profile = profile_of(tmp_path, ON_DEMAND, 6)

    def rekey(table):
        table["KeySchema"] = _keys("tenant", None)
        table["AttributeDefinitions"][0]["AttributeType"] = "N"

    found = compare(changed(live_of(profile), rekey), profile, FOLDER).differences

    assert [(item.path, item.expected, item.live) for item in found] == [
        ("table.range_key", "order", None),
        ("table.attributes.tenant", "S", "N"),
    ]
    assert {item.fix for item in found} == {live_compare.REBUILD}


# -- capacity and scaling --------------------------------------------------------------------------


def test_capacity_outside_the_scaling_bounds_is_set_back_within_them(tmp_path):
    profile = profile_of(tmp_path, SCALED, 5)

    def raise_it(table):
        table["ProvisionedThroughput"]["ReadCapacityUnits"] = 500

    difference = one(compare(changed(live_of(profile), raise_it), profile, FOLDER))

    assert (difference.path, difference.expected, difference.live) == (
        "capacity.table_read",
        {"at_least": 5, "at_most": 100},
        500,
    )
    assert difference.unseen == live_compare.CAPACITY_IGNORED
    assert difference.fix == (
        "aws dynamodb update-table --table-name orders-prod --provisioned-throughput ReadCapacityUnits=100,WriteCapacityUnits=5 --region us-east-1"
    )


def test_capacity_is_held_to_the_profiles_bounds_when_the_scaling_targets_cannot_be_read(tmp_path):
    profile = profile_of(tmp_path, SCALED, 5)
    unread = Unread("application-autoscaling:DescribeScalableTargets", "was denied")

    def raise_it(table):
        table["ProvisionedThroughput"]["ReadCapacityUnits"] = 500

    live = changed(live_of(profile), raise_it)
    comparison = compare(
        LiveTable(**{**live.__dict__, "scalable_targets": unread, "scaling_policies": unread}), profile, FOLDER
    )

    assert [(item.path, item.live) for item in comparison.differences] == [("capacity.table_read", 500)]
    assert [item.read for item in comparison.not_checked] == [unread]


def test_index_capacity_against_its_own_bounds(tmp_path):
    profile = profile_of(tmp_path, SCALED, 6)

    def lower(table):
        table["GlobalSecondaryIndexes"][1]["ProvisionedThroughput"]["WriteCapacityUnits"] = 1

    difference = one(compare(changed(live_of(profile), lower), profile, FOLDER))

    assert (difference.path, difference.expected, difference.live) == (
        "capacity.ByTotal_write",
        {"at_least": 2, "at_most": 20},
        1,
    )
    assert (
        '"Update":{"IndexName":"ByTotal","ProvisionedThroughput":{"ReadCapacityUnits":2,"WriteCapacityUnits":2}}'
        in difference.fix
    )


def test_capacity_within_the_bounds_is_the_autoscalers(tmp_path):
    profile = profile_of(tmp_path, SCALED, 6)

    def scaled_up(table):
        table["ProvisionedThroughput"] = {"ReadCapacityUnits": 80, "WriteCapacityUnits": 40}

    assert compare(changed(live_of(profile), scaled_up), profile, FOLDER).differences == []


def test_scaling_target_bounds_and_target_values(tmp_path):
    profile = profile_of(tmp_path, SCALED, 6)
    live = live_of(profile)
    live.scalable_targets[0].update(MinCapacity=1, MaxCapacity=7)
    live.scaling_policies[1]["TargetTrackingScalingPolicyConfiguration"]["TargetValue"] = 50.0

    found = compare(live, profile, FOLDER).differences

    assert [(item.path, item.expected, item.live) for item in found] == [
        (
            "scaling_targets.table_read",
            {"min_capacity": 5, "max_capacity": 100},
            {"min_capacity": 1, "max_capacity": 7},
        ),
        ("scaling_policies.table_write", 70, 50),
    ]


def test_a_scaling_target_gone(tmp_path):
    profile = profile_of(tmp_path, SCALED, 6)
    live = live_of(profile)
    del live.scalable_targets[2:4]  # ByStatus's

    found = compare(live, profile, FOLDER).differences

    assert [(item.path, item.live) for item in found] == [
        ("scaling_targets.ByStatus_read", None),
        ("scaling_targets.ByStatus_write", None),
    ]


def test_scaling_targets_the_profile_does_not_have_are_deregistered(tmp_path):
    profile = profile_of(tmp_path, SCALED, 6, "enable_autoscaling=false")
    live = live_of(profile_of(tmp_path, SCALED, 6))

    difference = one(compare(live, profile, FOLDER))

    assert (difference.path, difference.expected, difference.live, difference.unseen) == (
        "enable_autoscaling",
        False,
        True,
        live_compare.NOT_DECLARED,
    )
    assert difference.fix.count("aws application-autoscaling deregister-scalable-target") == 6
    assert (
        "--resource-id table/orders-prod/index/ByStatus --scalable-dimension dynamodb:index:ReadCapacityUnits"
        in difference.fix
    )


def test_fixed_capacity(tmp_path):
    profile = profile_of(tmp_path, SCALED, 6, "enable_autoscaling=false")

    def edit(table):
        table["ProvisionedThroughput"]["WriteCapacityUnits"] = 9
        table["GlobalSecondaryIndexes"][1]["ProvisionedThroughput"]["ReadCapacityUnits"] = 3

    found = compare(changed(live_of(profile), edit), profile, FOLDER).differences

    assert [(item.path, item.expected, item.live, item.unseen) for item in found] == [
        ("capacity.table_write", 5, 9, ""),
        ("capacity.ByTotal_read", 2, 3, ""),
    ]


def test_billing_mode_switched(tmp_path):
    profile = profile_of(tmp_path, ON_DEMAND, 6)

    def switch(table):
        table["BillingModeSummary"] = {"BillingMode": "PROVISIONED"}

    assert paths(compare(changed(live_of(profile), switch), profile, FOLDER)) == ["billing_mode"]


# -- the rest -------------------------------------------------------------------------------------


def _ttl_off(ttl):
    ttl.clear()
    ttl["TimeToLiveStatus"] = "DISABLED"


def _pitr_period(backups):
    backups["PointInTimeRecoveryDescription"]["RecoveryPeriodInDays"] = 10


REST = [
    ("ttl", _ttl_off, "ttl_enabled", True, False),
    ("ttl", lambda ttl: ttl.update(AttributeName="expires"), "ttl_attribute_name", "ttl", "expires"),
    ("table", lambda table: table.pop("StreamSpecification"), "stream_enabled", True, False),
    (
        "table",
        lambda table: table["StreamSpecification"].update(StreamViewType="KEYS_ONLY"),
        "stream_view_type",
        "NEW_AND_OLD_IMAGES",
        "KEYS_ONLY",
    ),
    (
        "backups",
        lambda backups: backups.update(PointInTimeRecoveryDescription={"PointInTimeRecoveryStatus": "DISABLED"}),
        "point_in_time_recovery_enabled",
        True,
        False,
    ),
    ("backups", _pitr_period, "point_in_time_recovery_period_in_days", 35, 10),
    (
        "table",
        lambda table: table.update(TableClassSummary={"TableClass": "STANDARD_INFREQUENT_ACCESS"}),
        "table_class",
        "STANDARD",
        "STANDARD_INFREQUENT_ACCESS",
    ),
    ("table", lambda table: table.update(DeletionProtectionEnabled=False), "prevent_destroy", True, False),
    ("tags", lambda tags: tags.pop("Team"), "tags.Team", "payments", None),
    ("tags", lambda tags: tags.update(Team="other"), "tags.Team", "payments", "other"),
    ("tags", lambda tags: tags.pop("Environment"), "tags.Environment", "the root's environment input", None),
]


@pytest.mark.parametrize(
    "part, edit, path, wanted, live", REST, ids=[item[2] + f"-{number}" for number, item in enumerate(REST)]
)
def test_the_rest_of_the_tables_settings(tmp_path, part, edit, path, wanted, live):
    profile = profile_of(tmp_path, SCALED, 6)

    difference = one(compare(changed(live_of(profile), edit, part), profile, FOLDER))

    assert (difference.path, difference.expected, difference.live) == (path, wanted, live)


def test_a_recovery_period_the_profile_leaves_at_its_default_is_set_back_with_the_aws_cli(tmp_path):
    profile = profile_of(tmp_path, SCALED, 6)

    difference = one(compare(changed(live_of(profile), _pitr_period, "backups"), profile, FOLDER))

    assert difference.unseen == live_compare.KEPT_WHEN_NOT_GIVEN
    assert (
        "update-continuous-backups --table-name orders-prod" in difference.fix
        and "RecoveryPeriodInDays=35" in difference.fix
    )


def test_a_recovery_period_the_profile_gives_is_applied(tmp_path):
    profile = profile_of(tmp_path, SCALED, 6, "point_in_time_recovery_period_in_days=10")

    def thirty(backups):
        backups["PointInTimeRecoveryDescription"]["RecoveryPeriodInDays"] = 30

    difference = one(compare(changed(live_of(profile), thirty, "backups"), profile, FOLDER))

    assert (difference.expected, difference.live, difference.unseen) == (10, 30, "")


@pytest.mark.parametrize(
    "key, aws_managed, wanted, live",
    [
        (CMK, False, "the AWS managed key (alias/aws/dynamodb)", CMK),
        (None, None, None, None),
    ],
)
def test_the_kms_key_where_the_profile_gives_none(tmp_path, key, aws_managed, wanted, live):
    profile = profile_of(tmp_path, SCALED, 6)
    table = live_of(profile)
    table = LiveTable(**{**table.__dict__, "kms": KmsKey(key or AWS_MANAGED_KEY, aws_managed)})

    comparison = compare(table, profile, FOLDER)

    if aws_managed is None:  # KMS would not say: not checked, not a difference
        assert comparison.differences == []
        assert [item.line() for item in comparison.not_checked] == [
            "not checked: kms:DescribeKey and kms:ListAliases were denied (kms_key_arn)"
        ]
    else:
        difference = one(comparison)
        assert (difference.path, difference.expected, difference.live) == ("kms_key_arn", wanted, live)
        assert (
            difference.unseen == live_compare.KEPT_WHEN_NOT_GIVEN
            and "--sse-specification Enabled=true,SSEType=KMS" in difference.fix
        )


def test_the_kms_key_the_profile_names_and_an_aws_owned_key(tmp_path):
    profile = profile_of(tmp_path, SCALED, 6, f"kms_key_arn={CMK}")
    other = CMK.replace("1234abcd", "9999abcd")

    moved = LiveTable(**{**live_of(profile).__dict__, "kms": KmsKey(other, False)})
    owned = LiveTable(**{**live_of(profile).__dict__, "kms": None})

    assert (one(compare(moved, profile, FOLDER)).expected, one(compare(moved, profile, FOLDER)).live) == (CMK, other)
    assert one(compare(owned, profile, FOLDER)).live == "an AWS owned key (not KMS)"


def test_replicas_and_their_settings(tmp_path):
    profile = profile_of(
        tmp_path,
        ON_DEMAND,
        6,
        "replica_regions=[{region_name: us-west-2}, {region_name: eu-west-1}]",
        "prevent_destroy=true",
    )
    live = live_of(profile)
    west = live.replicas[0]
    west.backups["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] = "ENABLED"
    west.table["DeletionProtectionEnabled"] = False
    west.tags.pop("Environment")
    live.table["Replicas"] = [item for item in live.table["Replicas"] if item["RegionName"] != "eu-west-1"]
    live = LiveTable(**{**live.__dict__, "replicas": (west,)})

    found = compare(live, profile, FOLDER).differences

    assert [(item.path, item.expected, item.live) for item in found] == [
        ("replica_regions", ["eu-west-1", "us-west-2"], ["us-west-2"]),
        ("replica_regions.us-west-2.point_in_time_recovery", False, True),
        ("replica_regions.us-west-2.deletion_protection_enabled", True, False),
        ("replica_regions.us-west-2.tags.Environment", "the root's environment input", None),
    ]


def test_a_replicas_key_and_its_consistency(tmp_path):
    profile = profile_of(tmp_path, ON_DEMAND, 6, "replica_regions=[{region_name: us-west-2}]")
    live = live_of(profile)
    live.table["MultiRegionConsistency"] = "STRONG"
    live = LiveTable(
        **{**live.__dict__, "replicas": (LiveReplica(**{**live.replicas[0].__dict__, "kms": KmsKey(CMK, False)}),)}
    )

    found = compare(live, profile, FOLDER).differences

    assert [(item.path, item.live) for item in found] == [
        ("replica_regions.us-west-2.kms_key_arn", CMK),
        ("replica_regions.us-west-2.consistency_mode", "STRONG"),
    ]
    assert found[0].fix.endswith("--sse-specification Enabled=true,SSEType=KMS --region us-west-2")


def test_contributor_insights(tmp_path):
    profile = profile_of(tmp_path, SCALED, 6)
    live = live_of(profile)
    live.insights["ByStatus"]["ContributorInsightsStatus"] = "DISABLED"
    live.insights[""]["ContributorInsightsMode"] = "THROTTLED_KEYS"

    found = compare(live, profile, FOLDER).differences

    assert [(item.path, item.expected, item.live, item.unseen) for item in found] == [
        ("contributor_insights.table.mode", "ACCESSED_AND_THROTTLED_KEYS", "THROTTLED_KEYS", ""),
        ("contributor_insights.ByStatus", "ENABLED", "DISABLED", ""),
    ]


def test_contributor_insights_the_profile_turns_off(tmp_path):
    profile = profile_of(tmp_path, ON_DEMAND, 6)
    live = live_of(profile)
    live.insights["ByStatus"]["ContributorInsightsStatus"] = "ENABLED"

    difference = one(compare(live, profile, FOLDER))

    assert difference.unseen == live_compare.NOT_DECLARED
    assert difference.fix == (
        "aws dynamodb update-contributor-insights --table-name orders-dev --index-name ByStatus --contributor-insights-action DISABLE --region us-east-1"
    )


def test_a_resource_policy_where_the_profile_has_none_and_none_where_it_has_one(tmp_path):
    bare = profile_of(tmp_path, ON_DEMAND, 6)
    with_policy = profile_of(tmp_path, ON_DEMAND, 6, 'resource_policy={"Version": "2012-10-17", "Statement": []}')
    table_arn = "arn:aws:dynamodb:us-east-1:123456789012:table/orders-dev"

    added = one(compare(LiveTable(**{**live_of(bare).__dict__, "resource_policy": "{}"}), bare, FOLDER))
    gone = one(compare(LiveTable(**{**live_of(with_policy).__dict__, "resource_policy": None}), with_policy, FOLDER))

    assert (added.path, added.expected, added.live, added.unseen) == (
        "resource_policy",
        "absent",
        "present",
        live_compare.NOT_DECLARED,
    )
    assert added.fix == f"aws dynamodb delete-resource-policy --resource-arn {table_arn} --region us-east-1"
    assert (gone.expected, gone.live, gone.unseen) == ("present", "absent", "")


def test_a_stream_policy(tmp_path):
    profile = profile_of(tmp_path, ON_DEMAND, 6)

    difference = one(compare(LiveTable(**{**live_of(profile).__dict__, "stream_policy": "{}"}), profile, FOLDER))

    assert difference.path == "stream_resource_policy" and "/stream/2026-01-01T00:00:00.000" in difference.fix


# -- reads that were denied ---------------------------------------------------------------------------


def test_denied_optional_reads_are_not_checked_and_not_differences(tmp_path):
    profile = profile_of(tmp_path, SCALED, 6)
    denied = {
        name: Unread(action, "was denied")
        for name, action in (
            ("resource_policy", "dynamodb:GetResourcePolicy"),
            ("stream_policy", "dynamodb:GetResourcePolicy"),
            ("insights", "dynamodb:DescribeContributorInsights"),
            ("scalable_targets", "application-autoscaling:DescribeScalableTargets"),
        )
    }

    comparison = compare(LiveTable(**{**live_of(profile).__dict__, **denied}), profile, FOLDER)

    assert comparison.differences == []
    lines = [item.line() for item in comparison.not_checked]
    assert lines[0].startswith(
        "not checked: needs application-autoscaling:DescribeScalableTargets (enable_autoscaling, scaling_targets.table_read"
    )
    assert lines[1:] == [
        "not checked: needs dynamodb:DescribeContributorInsights (enable_contributor_insights, contributor_insights_mode)",
        "not checked: needs dynamodb:GetResourcePolicy (resource_policy)",
        "not checked: needs dynamodb:GetResourcePolicy (stream_resource_policy)",
    ]


def test_a_read_the_endpoint_lacks(tmp_path):
    profile = profile_of(tmp_path, ON_DEMAND, 6)
    live = LiveTable(
        **{**live_of(profile).__dict__, "insights": Unread("dynamodb:DescribeContributorInsights", "failed (500)")}
    )

    (item,) = compare(live, profile, FOLDER).not_checked

    assert (
        item.line()
        == "not checked: dynamodb:DescribeContributorInsights failed (500) (enable_contributor_insights, contributor_insights_mode)"
    )
    assert json.loads(json.dumps(item.as_dict()))["action"] == "dynamodb:DescribeContributorInsights"


@pytest.mark.parametrize("line", [5, 6])
def test_an_index_key_of_another_type(tmp_path, line):
    """An attribute only a global index keys on: the index is rebuilt, not the table."""
    profile = profile_of(tmp_path, SCALED, line)

    def retype(table):
        next(item for item in table["AttributeDefinitions"] if item["AttributeName"] == "status")["AttributeType"] = "N"

    difference = one(compare(changed(live_of(profile), retype), profile, FOLDER))

    assert (difference.path, difference.expected, difference.live) == ("table.attributes.status", "S", "N")
    if line == 5:
        assert (
            '"Delete":{"IndexName":"ByStatus"}' in difference.fix
            and '{"AttributeName":"status","AttributeType":"S"}' in difference.fix
        )
    else:
        assert difference.fix.startswith("regenerate and apply")
