"""The catalogue of the module's inputs and outputs: the single source for everything about them.

The profile loader, the JSON Schema of profiles, ``variables.tf``,
``outputs.tf``, the generated README and the tests all read this catalogue.
Names that carry the table's name come from the design (``<name>_table_name``),
and an input exists only on the provider lines whose AWS provider has what it
sets.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from generator.profile import addresses, monitoring, rules
from generator.profile.design import Design, table_name_input
from generator.profile.policy import LIMIT_WHY as POLICY_LIMIT_WHY
from generator.profile.policy import MAX_POLICY_BYTES
from generator.profile.provider_lines import PROVIDER_LINES, provider_line
from generator.profile.rules import Rule, literal
from generator.profile.types import BOOL, NUMBER, STRING, Attribute, ListOf, MapOf, Object, Type, problems_of


class _Required:
    """Marks an input the caller must always pass."""

    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED: Any = _Required()


@dataclass(frozen=True)
class Fixed:
    """Why an input is baked into the module at generation, when it is."""

    when: Callable[[Design, Mapping[str, Any]], bool]
    because: str  # a whole sentence


@dataclass(frozen=True)
class Input:
    """One variable of the generated module.

    A fixed input (``fixed`` applies) stays declared, defaults to the baked value
    and rejects any other with a message that says how to regenerate.
    """

    name: str
    type: Type
    description: str
    default: Any = REQUIRED
    rules: tuple[Rule, ...] = ()
    nullable: bool = False
    fixed: tuple[Fixed, ...] = ()
    # The AWS provider lines the module has this input on: those whose provider has what it sets.
    provider_lines: tuple[int, ...] = tuple(PROVIDER_LINES)
    # A JSON document (a policy): a profile may give it as a YAML mapping, kept as its JSON text.
    json_document: bool = False

    @property
    def required(self) -> bool:
        return self.default is REQUIRED

    def problems(self, value: Any) -> list[tuple[str, str]]:
        return problems_of(self.type, value, self.nullable)

    def fixed_reason(self, design: Design, values: Mapping[str, Any]) -> str | None:
        return next((item.because for item in self.fixed if item.when(design, values)), None)


def _always(_design: Design, _values: Mapping[str, Any]) -> bool:
    return True


def _autoscaled(_design: Design, values: Mapping[str, Any]) -> bool:
    return bool(values["enable_autoscaling"])


TYPE_INDEX_SWITCH = "enable_type_index"


def _type_index_input(aws_provider: int) -> Input:
    """The specification's switch of its TypeIndex: an input of that design only."""
    return Input(
        TYPE_INDEX_SWITCH,
        BOOL,
        "Add the TypeIndex global secondary index (PK, TypeSK) for a user's notifications of one type.",
        default=False,
        # On provider 6 each index is its own resource and ignores only its own capacity.
        fixed=(
            Fixed(
                _autoscaled,
                "With autoscaling the whole global_secondary_index set is in the table's lifecycle ignore_changes "
                "(Terraform cannot ignore one index's capacity on AWS provider 5), so which indexes exist is fixed too.",
            ),
        )
        if aws_provider < 6
        else (),
    )


WHOLE = rules.whole_number_at_least(1)
CAPACITY_RULES = (WHOLE,)
TARGET_RULES = (rules.AUTOSCALING_TARGET,)
KMS_KEY_ARN = r"arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+"
KMS_KEY = rules.matches(KMS_KEY_ARN, 'a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID), "" or null', allow_empty=True)
REPLICA_KMS_KEY = rules.matches(KMS_KEY_ARN, "a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)")
REGION = rules.matches(r"[a-z]{2}(-[a-z]+)+-[0-9]+", "an AWS region name such as eu-west-1")
# Each replica region's topic: an SNS topic ARN of that region, keyed by the region's name.
REPLICA_TOPICS = rules.map_of_regional_arns(
    r"arn:aws[a-z-]*:sns:([a-z0-9-]+):[0-9]{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?",
    "an SNS topic ARN of that region (arn:aws:sns:REGION:ACCOUNT:NAME)",
)
TABLE_ARN = rules.matches(
    r"arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:[0-9]{12}:table/[A-Za-z0-9_.-]{3,255}",
    "a DynamoDB table ARN (arn:aws:dynamodb:REGION:ACCOUNT:table/NAME)",
)
# A DynamoDB backup's ARN: arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}/backup/${BackupName}
# (Service Authorization Reference, Amazon DynamoDB, resource type "backup"), 37 to 1024 characters
# (API Reference, BackupSummary, BackupArn). AWS Backup's own recovery points (arn:aws:backup:...) are
# restored through AWS Backup, not RestoreTableFromBackup.
BACKUP_ARN = rules.matches(
    r"arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:[0-9]{12}:table/[A-Za-z0-9_.-]{3,255}/backup/[A-Za-z0-9_.-]+",
    "a DynamoDB backup ARN (arn:aws:dynamodb:REGION:ACCOUNT:table/NAME/backup/ID; an AWS Backup recovery point, "
    "arn:aws:backup:..., is restored through AWS Backup)",
)
TABLE_NAME = rules.matches(r"[A-Za-z0-9_.-]{3,255}", "3 to 255 letters, digits, underscores, hyphens or dots")
# RFC 3339, as the AWS provider parses restore_date_time.
TIMESTAMP = rules.matches(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})",
    "an RFC 3339 time such as 2025-01-01T12:00:00Z",
)
# Checked as given, placeholders included: the ARNs that replace them at plan time add some tens of bytes each.
POLICY_SIZE = rules.at_most_bytes(MAX_POLICY_BYTES, POLICY_LIMIT_WHY)
TABLE_ARN_PLACEHOLDER = "__DYNAMODB_TABLE_ARN__"
STREAM_ARN_PLACEHOLDER = "__DYNAMODB_STREAM_ARN__"
ON_DEMAND = Object(
    {
        "max_read_request_units": Attribute(
            NUMBER, description="Most read request units a second; null: no limit; -1 removes a limit the table has."
        ),
        "max_write_request_units": Attribute(
            NUMBER, description="Most write request units a second; null: no limit; -1 removes a limit the table has."
        ),
    }
)
WARM = Object(
    {
        "read_units_per_second": Attribute(NUMBER, description="Reads a second the table is ready for at once."),
        "write_units_per_second": Attribute(NUMBER, description="Writes a second the table is ready for at once."),
    }
)
REPLICA_ATTRIBUTES = {
    "region_name": Attribute(STRING, optional=False, description="Region of the replica."),
    "kms_key_arn": Attribute(
        STRING,
        description="Customer managed key in that region: required when the table has kms_key_arn, refused when it has not.",
    ),
    "point_in_time_recovery": Attribute(BOOL, description="PITR on the replica; null: as the table."),
    "propagate_tags": Attribute(BOOL, description="Copy the table's tags to the replica; null: true."),
}
# What provider 6 adds to a replica.
REPLICA_6 = {
    "deletion_protection_enabled": Attribute(
        BOOL, description="Deletion protection on the replica; null: as the table (prevent_destroy)."
    ),
    "consistency_mode": Attribute(
        STRING, description="EVENTUAL (default) or STRONG (multi-Region strong consistency)."
    ),
}
# The provider's global_table_witness block (6.22.0): one Region that holds no replica.
WITNESS = Object({"region_name": Attribute(STRING, optional=False, description="Region of the witness.")})
# Application Auto Scaling's schedules (PutScheduledAction, Schedule): at(yyyy-mm-ddThh:mm:ss),
# rate(value unit) and cron(minutes hours day-of-month month day-of-week year).
SCHEDULE = rules.matches(
    r"at\([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\)"
    r"|rate\([1-9][0-9]* (minute|minutes|hour|hours|day|days)\)"
    r"|cron\([^ ()]+( [^ ()]+){5}\)",
    "at(yyyy-mm-ddThh:mm:ss), rate(<number> <minutes, hours or days>) or cron(<six fields>)",
)
SCHEDULED_ACTION = Object(
    {
        "name": Attribute(
            STRING,
            optional=False,
            description="Name of the action, unique in the list (1 to 200 letters, digits, _ . -).",
        ),
        "index": Attribute(STRING, description="Name of the global index whose bounds it changes; null: the table's."),
        "unit": Attribute(STRING, description="read or write; null: both."),
        "schedule": Attribute(STRING, optional=False, description="at(...), rate(...) or cron(...)."),
        "timezone": Attribute(STRING, description="IANA time zone of the schedule; null: UTC."),
        "start_time": Attribute(STRING, description="RFC 3339 time before which the action does not run."),
        "end_time": Attribute(STRING, description="RFC 3339 time after which the action does not run."),
        "min_capacity": Attribute(NUMBER, optional=False, description="The scaling minimum it sets."),
        "max_capacity": Attribute(NUMBER, optional=False, description="The scaling maximum it sets."),
    }
)
# A Go duration, as the provider parses a timeout: "60m", "1h30m".
DURATION = rules.matches(r"([0-9]+(\.[0-9]+)?(ns|us|ms|s|m|h))+", 'a duration such as "90m" or "2h"')
TIMEOUTS = Object(
    {
        "create": Attribute(STRING, description="Creating the table (the provider's default: 30m)."),
        "update": Attribute(
            STRING, description="Updating it, an index backfill included (the provider's default: 60m)."
        ),
        "delete": Attribute(STRING, description="Deleting it (the provider's default: 10m)."),
    }
)
IMPORT_TABLE = Object(
    {
        "input_format": Attribute(STRING, optional=False, description="CSV, DYNAMODB_JSON or ION."),
        "input_compression_type": Attribute(STRING, description="GZIP, ZSTD or NONE."),
        "bucket": Attribute(STRING, optional=False, description="S3 bucket holding the data."),
        "bucket_owner": Attribute(STRING, description="Account owning the bucket, when another."),
        "key_prefix": Attribute(STRING, description="Key prefix of the objects to import."),
        "csv_delimiter": Attribute(STRING, description="CSV only: the delimiter (default a comma)."),
        "csv_header_list": Attribute(
            ListOf(STRING), description="CSV only: the column names, when the files have no header."
        ),
    }
)


def _index_name_rule(index_names: tuple[str, ...]) -> Rule:
    """A scheduled action's index: one of the design's global indexes."""
    if index_names:
        return rules.one_of(*index_names)
    return Rule(
        message="must be null: the table has no global secondary index",
        holds=lambda _value, _values: False,
        condition=lambda _ref: "false",
        json={"type": "null"},
    )


def _table_inputs(
    table: str,
    builtin: bool,
    switches: tuple[str, ...],
    aws_provider: int,
    alarm_suffix: str,
    index_names: tuple[str, ...],
) -> tuple[Input, ...]:
    # The specification's TypeIndex is switched by enable_type_index; a design of its own declares
    # its indexes in the profile, and has no such input.
    type_index = (_type_index_input(aws_provider),) if TYPE_INDEX_SWITCH in switches else ()
    return (
        Input(
            "environment",
            STRING,
            "Deployment environment (for example staging or production); tagged on every resource as Environment.",
            rules=(rules.length_between(1, rules.MAX_TAG_VALUE), rules.tag_value_characters()),
        ),
        Input(
            table_name_input(table),
            STRING,
            f"Name of the {table} table.",
            default="user-notifications" if builtin else table,
            rules=(
                TABLE_NAME,
                rules.room_for_alarm_names(len(alarm_suffix), f"<table name>{alarm_suffix}"),
                rules.room_for_iam_names(),
            ),
        ),
        Input(
            "billing_mode",
            STRING,
            "How capacity is paid for: PAY_PER_REQUEST (on demand) or PROVISIONED.",
            default="PAY_PER_REQUEST",
            rules=(rules.one_of("PAY_PER_REQUEST", "PROVISIONED"),),
        ),
        Input(
            "read_capacity",
            NUMBER,
            "Read capacity units of the table and of each index without its own; with autoscaling, the scaling minimum. PROVISIONED only.",
            default=5,
            rules=CAPACITY_RULES,
        ),
        Input(
            "write_capacity",
            NUMBER,
            "Write capacity units of the table and of each index without its own; with autoscaling, the scaling minimum. PROVISIONED only.",
            default=5,
            rules=CAPACITY_RULES,
        ),
        Input(
            "enable_autoscaling",
            BOOL,
            "Scale provisioned read and write capacity of the table and its global indexes with target tracking. PROVISIONED only.",
            default=False,
            fixed=(
                Fixed(
                    _always,
                    "It decides whether capacity is in the table's lifecycle ignore_changes, which Terraform takes only as a literal.",
                ),
            ),
        ),
        Input(
            "autoscaling_read_max_capacity",
            NUMBER,
            "Upper bound of autoscaled read capacity (of each index without its own).",
            default=100,
            rules=CAPACITY_RULES + (rules.at_least_input("read_capacity", "enable_autoscaling"),),
        ),
        Input(
            "autoscaling_write_max_capacity",
            NUMBER,
            "Upper bound of autoscaled write capacity (of each index without its own).",
            default=100,
            rules=CAPACITY_RULES + (rules.at_least_input("write_capacity", "enable_autoscaling"),),
        ),
        Input(
            "autoscaling_read_target_value",
            NUMBER,
            "Read capacity utilization, in percent, that autoscaling keeps the table and its indexes near.",
            default=70,
            rules=TARGET_RULES,
        ),
        Input(
            "autoscaling_write_target_value",
            NUMBER,
            "Write capacity utilization, in percent, that autoscaling keeps the table and its indexes near.",
            default=70,
            rules=TARGET_RULES,
        ),
        *(
            Input(
                f"autoscaling_scale_{way}_cooldown",
                NUMBER,
                f"Seconds after a scale-{way} before the next scale-{way} of the same table or index; "
                "0 is Application Auto Scaling's default for DynamoDB.",
                default=0,
                rules=(rules.whole_number_at_least(0),),
            )
            for way in ("in", "out")
        ),
        Input(
            "autoscaling_scheduled_actions",
            ListOf(SCHEDULED_ACTION),
            "Scheduled changes of the autoscaling bounds, each with name, schedule (at(), rate() or cron()), "
            "min_capacity and max_capacity, and optionally index (a global index's name; null: the table), unit "
            "(read or write; null: both), timezone, start_time and end_time. With enable_autoscaling.",
            default=[],
            rules=(
                rules.each_item("name", rules.matches(r"[A-Za-z0-9_.-]{1,200}", "1 to 200 letters, digits, _ . or -")),
                rules.unique_items("name"),
                rules.each_item("schedule", SCHEDULE),
                rules.each_item("unit", rules.one_of("read", "write"), optional=True),
                rules.each_item("index", _index_name_rule(index_names), optional=True),
                rules.each_item(
                    "timezone",
                    rules.matches(
                        r"[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*", "an IANA time zone such as Europe/Paris"
                    ),
                    optional=True,
                ),
                rules.each_item("start_time", TIMESTAMP, optional=True),
                rules.each_item("end_time", TIMESTAMP, optional=True),
                rules.each_item("min_capacity", WHOLE),
                rules.each_item("max_capacity", WHOLE),
                rules.each_item_at_most("min_capacity", "max_capacity"),
                rules.empty_unless(
                    (("enable_autoscaling", True), ("billing_mode", "PROVISIONED")),
                    'enable_autoscaling is true and billing_mode is "PROVISIONED" (an action changes the bounds of '
                    "the module's scaling targets)",
                ),
            ),
        ),
        Input(
            "on_demand_throughput",
            ON_DEMAND,
            "Most request units a second an on-demand table may use (max_read_request_units, max_write_request_units); null: no limit. PAY_PER_REQUEST only.",
            default=None,
            nullable=True,
            rules=(
                rules.only_when("billing_mode", "PAY_PER_REQUEST", 'billing_mode is "PAY_PER_REQUEST"'),
                rules.attribute_rule("max_read_request_units", rules.ON_DEMAND_LIMIT),
                rules.attribute_rule("max_write_request_units", rules.ON_DEMAND_LIMIT),
            ),
        ),
        Input(
            "warm_throughput",
            WARM,
            "Throughput the table is pre-warmed for (read_units_per_second, write_units_per_second); null: DynamoDB's own.",
            default=None,
            nullable=True,
            rules=tuple(rules.attribute_rule(unit, rule) for unit, rule in rules.WARM_THROUGHPUT.items()),
            provider_lines=(6,),
        ),
        Input(
            "table_class",
            STRING,
            "Storage class: STANDARD, or STANDARD_INFREQUENT_ACCESS for tables mostly at rest.",
            default="STANDARD",
            rules=(rules.one_of("STANDARD", "STANDARD_INFREQUENT_ACCESS"),),
        ),
        Input(
            "stream_enabled",
            BOOL,
            "Publish item changes to a DynamoDB stream.",
            default=True,
        ),
        Input(
            "stream_view_type",
            STRING,
            "What each stream record holds; used only while the stream is enabled.",
            default="NEW_AND_OLD_IMAGES",
            rules=(rules.one_of("KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"),),
        ),
        Input(
            "ttl_enabled",
            BOOL,
            "Let DynamoDB delete items whose TTL attribute lies in the past.",
            default=True,
        ),
        Input(
            "ttl_attribute_name",
            STRING,
            "Item attribute holding the expiry time, in epoch seconds.",
            default="ttl",
            rules=(rules.length_between(1, 255),),
        ),
        Input(
            "point_in_time_recovery_enabled",
            BOOL,
            "Keep continuous backups that restore to any second of the recovery period.",
            default=True,
        ),
        Input(
            "point_in_time_recovery_period_in_days",
            NUMBER,
            "Days of continuous backups kept, 1 to 35; null: DynamoDB's default, 35. Only with point-in-time recovery.",
            default=None,
            nullable=True,
            rules=(
                rules.between(1, 35, "the recovery periods DynamoDB offers"),
                rules.only_when("point_in_time_recovery_enabled", True, "point_in_time_recovery_enabled is true"),
            ),
        ),
        Input(
            "prevent_destroy",
            BOOL,
            "Refuse to destroy the table: Terraform's lifecycle prevent_destroy plus DynamoDB deletion protection.",
            default=True,
            fixed=(
                Fixed(
                    _always,
                    "It is the literal of the table's lifecycle prevent_destroy, which Terraform takes only as a literal.",
                ),
            ),
        ),
        Input(
            "kms_key_arn",
            STRING,
            'ARN of a customer managed KMS key for encryption at rest; null or "" uses the AWS managed key.',
            default=None,
            nullable=True,
            rules=(KMS_KEY,),
        ),
        *type_index,
        Input(
            "replica_regions",
            ListOf(Object({**REPLICA_ATTRIBUTES})),
            "Regions to replicate the table to (a global table), each with region_name and optionally kms_key_arn, "
            "point_in_time_recovery and propagate_tags. Needs a NEW_AND_OLD_IMAGES stream.",
            default=[],
            rules=(
                rules.each_item("region_name", REGION),
                rules.each_item("kms_key_arn", REPLICA_KMS_KEY, optional=True),
                rules.replica_key_in_its_region(),
                rules.replica_keys_with_the_tables("kms_key_arn"),
                rules.no_replica_keys_without_the_tables("kms_key_arn"),
                rules.one_partition(),
                rules.unique_items("region_name"),
                rules.empty_unless(
                    (("stream_enabled", True), ("stream_view_type", "NEW_AND_OLD_IMAGES")),
                    'stream_enabled is true and stream_view_type is "NEW_AND_OLD_IMAGES" (global tables replicate through the stream)',
                ),
                # AWS refuses it with this message (terraform-provider-aws#13097, terraform-aws-modules/
                # terraform-aws-dynamodb-table#109); the DynamoDB guide's global tables requirements.
                rules.empty_on_provisioned_unless(
                    "enable_autoscaling",
                    "AWS refuses a replica of a provisioned table whose write capacity is not autoscaled "
                    '("Table write capacity should either be Pay-Per-Request or AutoScaled")',
                ),
            ),
        ),
        Input(
            "global_table_witness",
            WITNESS,
            "A witness Region (region_name) for multi-Region strong consistency: with exactly one replica, whose "
            "consistency_mode is STRONG, the table, that replica and the witness are the three Regions DynamoDB "
            "needs; null: none. Set it when the global table is created: DynamoDB adds a witness only then.",
            default=None,
            nullable=True,
            rules=(
                rules.strong_replica_count("replica_regions"),
                rules.witness_beside_one_replica("replica_regions"),
                rules.witness_needs_strong("replica_regions"),
                rules.witness_apart_from_replicas("replica_regions"),
                rules.witness_in_replicas_set("replica_regions"),
            ),
            provider_lines=(6,),
        ),
        # Two inputs, so that a stream the same root creates works: a count cannot wait for its ARN.
        Input(
            "kinesis_streaming_enabled",
            BOOL,
            "Stream the table's item changes to the Kinesis data stream of kinesis_stream_arn (Kinesis Data Streams "
            "for DynamoDB), watched by the kinesis_* alarms.",
            default=False,
        ),
        Input(
            "kinesis_stream_arn",
            STRING,
            "ARN of the Kinesis data stream, in the table's account and region, that kinesis_streaming_enabled streams to.",
            default=None,
            nullable=True,
            rules=(
                rules.matches(
                    r"arn:aws[a-z-]*:kinesis:[a-z0-9-]+:[0-9]{12}:stream/[A-Za-z0-9_.-]{1,128}",
                    "a Kinesis data stream ARN (arn:aws:kinesis:REGION:ACCOUNT:stream/NAME)",
                ),
                rules.only_when("kinesis_streaming_enabled", True, "kinesis_streaming_enabled is true"),
                rules.set_when("kinesis_streaming_enabled", "it names the stream"),
            ),
        ),
        # The provider replaces the destination when it changes (ForceNew, provider 5.73.0 and later), though
        # DynamoDB's UpdateKinesisStreamingDestination could change it in place.
        Input(
            "kinesis_approximate_creation_date_time_precision",
            STRING,
            "Precision of the ApproximateCreationDateTime of each record streamed to Kinesis: MILLISECOND or "
            "MICROSECOND; null: DynamoDB's. A change replaces the streaming destination (the provider forces it).",
            default=None,
            nullable=True,
            rules=(
                rules.one_of("MILLISECOND", "MICROSECOND"),
                rules.only_when("kinesis_streaming_enabled", True, "kinesis_streaming_enabled is true"),
            ),
        ),
        Input(
            "resource_policy",
            STRING,
            f"Resource-based policy of the table (and of each replica), a JSON document; {TABLE_ARN_PLACEHOLDER} stands for the table's ARN in each region. null: none.",
            default=None,
            nullable=True,
            rules=(POLICY_SIZE, rules.json_object((TABLE_ARN_PLACEHOLDER,))),
            json_document=True,
        ),
        Input(
            "stream_resource_policy",
            STRING,
            f"Resource-based policy of the table's stream, a JSON document; {STREAM_ARN_PLACEHOLDER} stands for the stream's ARN and {TABLE_ARN_PLACEHOLDER} for the table's. null: none. Needs the stream.",
            default=None,
            nullable=True,
            rules=(
                POLICY_SIZE,
                rules.json_object((STREAM_ARN_PLACEHOLDER, TABLE_ARN_PLACEHOLDER)),
                rules.only_when("stream_enabled", True, "stream_enabled is true"),
            ),
            json_document=True,
        ),
        Input(
            "restore_source_name",
            STRING,
            "Create the table by restoring this table (same account and region) to a point in time; null: a new empty table. Read only when the table is created.",
            default=None,
            nullable=True,
            rules=(
                TABLE_NAME,
                # On provider 6, a backup's ARN is a fourth way.
                rules.at_most_one_of(
                    (
                        "restore_source_name",
                        "restore_source_table_arn",
                        *(("restore_backup_arn",) if provider_line(aws_provider).restore_backup_arn else ()),
                        "import_table",
                    ),
                    "each is a way to create the table",
                ),
            ),
        ),
        Input(
            "restore_backup_arn",
            STRING,
            "Create the table by restoring this DynamoDB on-demand backup (its ARN: "
            "arn:aws:dynamodb:REGION:ACCOUNT:table/NAME/backup/ID, of any region of the table's partition); null: a "
            "new empty table. Read only when the table is created.",
            default=None,
            nullable=True,
            rules=(
                BACKUP_ARN,
                rules.length_between(37, 1024),
                rules.arn_in_its_regions_partition("a backup"),
            ),
            provider_lines=(6,),
        ),
        Input(
            "restore_source_table_arn",
            STRING,
            "Create the table by restoring the table with this ARN (any account or region) to a point in time. Read only when the table is created.",
            default=None,
            nullable=True,
            rules=(TABLE_ARN,),
        ),
        Input(
            "restore_date_time",
            STRING,
            "The time to restore to (RFC 3339); with a restore source.",
            default=None,
            nullable=True,
            rules=(
                TIMESTAMP,
                rules.needs_one_of(("restore_source_name", "restore_source_table_arn")),
                rules.at_most_one_of(
                    ("restore_date_time", "restore_to_latest_time"),
                    "each is a time to restore to",
                    flags=("restore_to_latest_time",),
                ),
            ),
        ),
        Input(
            "restore_to_latest_time",
            BOOL,
            "Restore to the latest restorable time; with a restore source.",
            default=None,
            nullable=True,
            rules=(rules.needs_one_of(("restore_source_name", "restore_source_table_arn"), flag=True),),
        ),
        Input(
            "timeouts",
            TIMEOUTS,
            "How long Terraform waits to create, update and delete the table (and, on provider 6, each global "
            "index): an index backfill on a large table outlasts the provider's defaults. null: the defaults.",
            default=None,
            nullable=True,
            rules=tuple(rules.attribute_rule(name, DURATION) for name in ("create", "update", "delete")),
        ),
        Input(
            "import_table",
            IMPORT_TABLE,
            "Create the table from data in S3 (input_format, bucket, and optionally input_compression_type, bucket_owner, key_prefix, csv_delimiter, csv_header_list); null: a new empty table. Read only when the table is created.",
            default=None,
            nullable=True,
            rules=(
                rules.attribute_rule("input_format", rules.one_of("CSV", "DYNAMODB_JSON", "ION")),
                rules.attribute_rule("input_compression_type", rules.one_of("GZIP", "ZSTD", "NONE")),
            ),
        ),
    )


def read_at_creation(aws_provider: int) -> tuple[str, ...]:
    """The inputs DynamoDB reads only when the table is created and never describes back: the table's lifecycle
    ignores them (so a restored or imported table is not replaced once they leave the configuration), and
    adopt sets them null."""
    return (
        "restore_source_name",
        "restore_source_table_arn",
        "restore_date_time",
        "restore_to_latest_time",
        *(("restore_backup_arn",) if provider_line(aws_provider).restore_backup_arn else ()),
        "import_table",
    )


def _monitoring_inputs() -> tuple[Input, ...]:
    return (
        Input(
            "enable_cloudwatch_alarms",
            BOOL,
            "Create the CloudWatch alarms switched on below (throttles, errors, capacity, replication latency).",
            default=True,
        ),
        Input(
            "alarm_sns_topic_arn",
            STRING,
            'SNS topic ARN that receives alarm and OK notifications; "" or null sends none (the alarms then notify nobody).',
            default="",
            nullable=True,
            rules=(
                rules.matches(
                    r"arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?",
                    'an SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME), "" or null',
                    allow_empty=True,
                ),
            ),
        ),
        *alarm_inputs(monitoring.ALARMS),
        Input(
            "replica_alarm_sns_topic_arns",
            MapOf(STRING),
            "SNS topic ARN by replica region, notified by the throttle, error and capacity alarms the module "
            "creates in that region; a region left out gets its alarms without notifications.",
            default={},
            rules=(REPLICA_TOPICS,),
            provider_lines=(6,),
        ),
        Input(
            "enable_contributor_insights",
            BOOL,
            "Enable CloudWatch Contributor Insights on the table and on each global index.",
            default=False,
        ),
    )


def alarm_inputs(alarms: tuple[monitoring.Alarm, ...]) -> tuple[Input, ...]:
    """Each kind of alarm's switch, threshold and window inputs (the table module's and the baseline's)."""
    return (
        *(Input(alarm.switch, BOOL, alarm.switch_description, default=alarm.enabled) for alarm in alarms),
        *(
            Input(
                alarm.threshold_input,
                NUMBER,
                alarm.threshold_description,
                default=alarm.threshold_default,
                rules=alarm.threshold_rules,
            )
            for alarm in alarms
        ),
        *(item for alarm in alarms for item in _window_inputs(alarm)),
    )


def _retired_window_input(name: str, replacement: str) -> tuple[str, str]:
    return name, (
        "is no longer an input: each kind of alarm has its own window, defaulting to AWS's recommended one; set "
        f"<kind>_{name} (for example {replacement}) for the kinds to change"
    )


# Inputs that 0.2 had, and what took their place: a profile that still sets one hears where it went.
RETIRED = dict(
    _retired_window_input(name, replacement)
    for name, replacement in zip(
        ("alarm_period_seconds", "alarm_evaluation_periods", "alarm_datapoints_to_alarm"),
        monitoring.ALARMS[0].window_inputs,
        strict=True,
    )
)


def _window_inputs(alarm: monitoring.Alarm) -> tuple[Input, ...]:
    """The period, evaluation periods and datapoints of one kind of alarm, defaulting to its window."""
    window = alarm.window
    return (
        Input(
            alarm.period_input,
            NUMBER,
            f"Length of the period each {alarm.key} alarm evaluates, in seconds.",
            default=window.period,
            rules=(rules.alarm_period(),),
        ),
        Input(
            alarm.evaluation_periods_input,
            NUMBER,
            f"Periods each {alarm.key} alarm looks back over.",
            default=window.evaluation_periods,
            rules=CAPACITY_RULES + (rules.evaluation_range(alarm.period_input),),
        ),
        Input(
            alarm.datapoints_input,
            NUMBER,
            f"Breaching periods, of {alarm.evaluation_periods_input}, that set a {alarm.key} alarm off.",
            default=window.datapoints,
            rules=CAPACITY_RULES + (rules.at_most_input(alarm.evaluation_periods_input),),
        ),
    )


def _access_inputs() -> tuple[Input, ...]:
    return (
        Input(
            "create_iam_policies",
            BOOL,
            "Create the read-write and read-only IAM policies; their JSON documents are output either way.",
            default=True,
        ),
        Input(
            "iam_policy_name_prefix",
            STRING,
            'Prefix of the IAM policy names (then "-access" and "-read-only"); null: the table name and the region, which keeps them unique in the account.',
            default=None,
            nullable=True,
            rules=(rules.matches(r"[A-Za-z0-9+=,.@_-]{1,116}", "1 to 116 letters, digits or +=,.@_-"),),
        ),
    )


# AWS Backup's rules for the backup input's values, each from its API reference:
# a vault name "^[a-zA-Z0-9\-\_]{2,50}$" (CreateBackupVault); a schedule "a cron expression in
# UTC" (BackupRule.ScheduleExpression), and AWS Backup refuses jobs less than 60 minutes apart
# ("The interval between backup jobs shouldn't be less than 60 minutes"), so the minute field is
# one number; the copy target a backup vault's ARN (CopyAction.DestinationBackupVaultArn).
BACKUP_VAULT_NAME = r"[A-Za-z0-9_-]{2,50}"
BACKUP_SCHEDULE = rules.matches(
    r"cron\(([0-9]|[1-5][0-9]) [^ ]+ [^ ]+ [^ ]+ [^ ]+ [^ ]+\)",
    "an AWS Backup cron expression in UTC, six fields with one minute (at most hourly), such as cron(0 5 ? * * *)",
)
BACKUP = Object(
    {
        "schedule": Attribute(
            STRING,
            optional=False,
            description="When backups run: an AWS Backup cron expression in UTC, at most hourly.",
        ),
        "retention_days": Attribute(NUMBER, description="Days each backup is kept; null: until deleted."),
        "cold_storage_after_days": Attribute(
            NUMBER,
            description="Days after which a backup moves to cold storage (AWS Backup's advanced DynamoDB backup must be on in the account); null: never.",
        ),
        "vault_name": Attribute(
            STRING, description="The backup vault: 2 to 50 letters, digits, - or _; null: <table name>-backups."
        ),
        "create_vault": Attribute(
            BOOL, default=True, description="Create the vault (default), or use the existing one named vault_name."
        ),
        "copy_to_vault_arn": Attribute(
            STRING, description="A backup vault (another region or account) each backup is copied to; null: no copy."
        ),
    }
)


def _kit_inputs() -> tuple[Input, ...]:
    return (
        Input(
            "enable_dashboard",
            BOOL,
            "Create a CloudWatch dashboard of the table: capacity and throttles by cause for the table and each global "
            "index, latency by operation, errors, replication latency per replica.",
            default=False,
        ),
        Input(
            "backup",
            BACKUP,
            "Back the table up with AWS Backup: a plan on schedule, a selection of the table (on provider 6, in every "
            "replica region too), the vault unless create_vault is false, and a service role with AWS's managed backup "
            "policy; null: no AWS Backup.",
            default=None,
            nullable=True,
            rules=(
                rules.attribute_rule("schedule", BACKUP_SCHEDULE),
                rules.attribute_rule("retention_days", rules.whole_number_at_least(1)),
                rules.attribute_rule("cold_storage_after_days", rules.whole_number_at_least(1)),
                rules.retention_after_cold_storage(),
                rules.attribute_rule(
                    "vault_name", rules.matches(BACKUP_VAULT_NAME, "2 to 50 letters, digits, hyphens or underscores")
                ),
                rules.named_unless_created("vault_name", "create_vault"),
                rules.attribute_rule(
                    "copy_to_vault_arn",
                    rules.matches(
                        r"arn:aws[a-z-]*:backup:[a-z0-9-]+:[0-9]{12}:backup-vault:" + BACKUP_VAULT_NAME,
                        "a backup vault ARN (arn:aws:backup:REGION:ACCOUNT:backup-vault:NAME)",
                    ),
                ),
            ),
        ),
    )


def _common_inputs() -> tuple[Input, ...]:
    return (
        Input(
            "contributor_insights_mode",
            STRING,
            "What Contributor Insights reports: ACCESSED_AND_THROTTLED_KEYS, or THROTTLED_KEYS only.",
            default="ACCESSED_AND_THROTTLED_KEYS",
            rules=(rules.one_of("ACCESSED_AND_THROTTLED_KEYS", "THROTTLED_KEYS"),),
            provider_lines=(6,),
        ),
        Input(
            "common_tags",
            MapOf(STRING),
            "Tags for every taggable resource; an Environment key here overrides the one taken from environment.",
            default={},
            rules=(
                rules.tag_count("Environment"),
                rules.tag_sizes(),
                rules.tag_characters(),
                rules.no_reserved_tag_prefix(),
            ),
        ),
    )


def inputs(design: Design, aws_provider: int) -> tuple[Input, ...]:
    """Every input of the module rendered for ``design`` on AWS provider line ``aws_provider``."""
    # What of the design the inputs depend on: built once per process for each.
    suffix = monitoring.longest_alarm_suffix(index.key for index in design.global_indexes)
    index_names = tuple(index.name for index in design.global_indexes)
    return _inputs(design.name, design.builtin, design.switches, aws_provider, suffix, index_names)


@functools.lru_cache(maxsize=64)
def _inputs(
    name: str,
    builtin: bool,
    switches: tuple[str, ...],
    aws_provider: int,
    alarm_suffix: str,
    index_names: tuple[str, ...],
) -> tuple[Input, ...]:
    found = (
        _table_inputs(name, builtin, switches, aws_provider, alarm_suffix, index_names)
        + _monitoring_inputs()
        + _access_inputs()
        + _kit_inputs()
        + _common_inputs()
    )
    if aws_provider >= 6:
        found = tuple(_with_replica_6(item) for item in found)
    return tuple(item for item in found if aws_provider in item.provider_lines)


def _with_replica_6(item: Input) -> Input:
    """replica_regions with what a provider 6 replica has besides."""
    if item.name != "replica_regions":
        return item
    from dataclasses import replace

    return replace(
        item,
        type=ListOf(Object({**REPLICA_ATTRIBUTES, **REPLICA_6})),
        description=item.description.replace(
            "point_in_time_recovery and propagate_tags",
            "point_in_time_recovery, propagate_tags, deletion_protection_enabled and consistency_mode (EVENTUAL or "
            "STRONG, one for every replica; STRONG needs two replicas, or one and global_table_witness, in one Region "
            "set of multi-Region strong consistency)",
        ),
        rules=item.rules
        + (
            rules.each_item("consistency_mode", rules.one_of("EVENTUAL", rules.STRONG), optional=True),
            rules.one_consistency_mode(),
            rules.strong_replicas_in_one_set(),
        ),
    )


def defaults(design: Design, aws_provider: int) -> dict[str, Any]:
    """The value of every input that has a default."""
    return {item.name: item.default for item in inputs(design, aws_provider) if not item.required}


@dataclass(frozen=True)
class Output:
    """One output of the generated module: ``value`` is its HCL expression."""

    name: str
    description: str
    value: str


def outputs(design: Design, aws_provider: int, public_module_names: bool = False) -> tuple[Output, ...]:
    """The module's outputs; ``public_module_names``: also the output names of terraform-aws-modules/dynamodb-table
    (a profile with ``moved_from`` it), so that callers switching a module's source keep reading theirs."""
    table = design.name
    resource = design.resource
    found = [
        Output(f"{table}_table_name", f"Name of the {table} table.", f"{resource}.name"),
        Output(f"{table}_table_arn", f"ARN of the {table} table.", f"{resource}.arn"),
        Output(
            f"{table}_table_stream_arn",
            "ARN of the table's stream; null while streams are off.",
            f"var.stream_enabled ? {resource}.stream_arn : null",
        ),
        Output(
            f"{table}_table_stream_label",
            "Timestamp label of the current stream, for event source mappings; null while streams are off.",
            f"var.stream_enabled ? {resource}.stream_label : null",
        ),
    ]
    if TYPE_INDEX_SWITCH in design.switches:
        found.append(
            Output(
                f"{table}_table_type_index_name",
                "Name of the TypeIndex global secondary index; null when it is not enabled.",
                'var.enable_type_index ? "TypeIndex" : null',
            )
        )
    found += [
        Output(
            f"{table}_table_global_secondary_index_names",
            "Names of the table's global secondary indexes (those switched on).",
            "values(local.index_names)",
        ),
        Output(
            f"{table}_table_local_secondary_index_names",
            "Names of the table's local secondary indexes.",
            literal([index.name for index in design.local_indexes]),
        ),
        Output(
            f"{table}_table_replicas",
            "Each replica by region: its table's ARN (arn) and its stream's ARN (stream_arn); empty without replicas.",
            f"{{ for replica in {resource}.replica : replica.region_name => {{ arn = replica.arn, stream_arn = replica.stream_arn }} }}",
        ),
        Output(
            f"{table}_table_replica_arns",
            "ARNs of the replica tables by region; empty without replicas.",
            f"{{ for replica in {resource}.replica : replica.region_name => replica.arn }}",
        ),
        Output(
            f"{table}_table_replica_stream_arns",
            "ARNs of the replica tables' streams by region; empty without replicas.",
            f"{{ for replica in {resource}.replica : replica.region_name => replica.stream_arn }}",
        ),
        Output(
            "dynamodb_access_policy_arn",
            "ARN of the IAM policy that reads and writes the table's items, indexes and stream, in every region; null when create_iam_policies is false.",
            f"one({addresses.ACCESS_POLICY}[*].arn)",
        ),
        Output(
            "dynamodb_access_policy_json",
            "JSON of the read-write policy, for inline or permission-boundary use.",
            "data.aws_iam_policy_document.access.json",
        ),
        Output(
            "dynamodb_read_only_policy_arn",
            "ARN of the IAM policy that only reads the table's items, indexes and stream, in every region; null when create_iam_policies is false.",
            f"one({addresses.READ_ONLY_POLICY}[*].arn)",
        ),
        Output(
            "dynamodb_read_only_policy_json",
            "JSON of the read-only policy, for inline or permission-boundary use.",
            "data.aws_iam_policy_document.read_only.json",
        ),
        Output(
            "cloudwatch_alarm_arns",
            monitoring.output_description(),
            f"{{ for key, alarm in {addresses.ALARMS} : key => alarm.arn }}",
        ),
        Output(
            "backup_plan_arns",
            "ARNs of the AWS Backup plans by region key (table, and on provider 6 each replica's region); empty without backup.",
            f"{{ for key, plan in {addresses.BACKUP_PLAN} : key => plan.arn }}",
        ),
        Output(
            "backup_vault_arns",
            "ARNs of the backup vaults the module created, by region key; empty without backup or with create_vault false.",
            f"{{ for key, vault in {addresses.BACKUP_VAULT} : key => vault.arn }}",
        ),
        Output(
            "backup_role_arn",
            "ARN of the IAM role AWS Backup assumes for the table; null without backup.",
            f"one({addresses.BACKUP_ROLE}[*].arn)",
        ),
        Output(
            "autoscaling_policy_arns",
            "ARNs of the target tracking policies by target (table_read, table_write, and <index key>_read, <index key>_write "
            "for each global index); empty without autoscaling.",
            f"{{ for key, policy in {addresses.SCALING_POLICIES} : key => policy.arn }}",
        ),
    ]
    if public_module_names:
        found += _public_module_outputs(resource)
    return tuple(found)


def _public_module_outputs(resource: str) -> list[Output]:
    """terraform-aws-modules/dynamodb-table's outputs (5.x, outputs.tf), by its names, from this module's table."""
    said = "As terraform-aws-modules/dynamodb-table names it: "
    replicas = f"{{ for replica in {resource}.replica : replica.region_name => replica }}"
    return [
        Output("dynamodb_table_arn", f"{said}ARN of the table.", f"{resource}.arn"),
        Output("dynamodb_table_id", f"{said}ID of the table (its name).", f"{resource}.id"),
        Output(
            "dynamodb_table_stream_arn",
            f"{said}ARN of the table's stream; null while streams are off.",
            f"var.stream_enabled ? {resource}.stream_arn : null",
        ),
        Output(
            "dynamodb_table_stream_label",
            f"{said}timestamp label of the table's stream; null while streams are off.",
            f"var.stream_enabled ? {resource}.stream_label : null",
        ),
        Output("dynamodb_table_replicas", f"{said}each replica by region, as the table describes it.", replicas),
        Output(
            "dynamodb_table_replica_arns",
            f"{said}ARNs of the replicas by region.",
            f"{{ for replica in {resource}.replica : replica.region_name => replica.arn }}",
        ),
        Output(
            "dynamodb_table_replica_stream_arns",
            f"{said}ARNs of the replicas' streams by region.",
            f"{{ for replica in {resource}.replica : replica.region_name => replica.stream_arn }}",
        ),
        Output(
            "dynamodb_table_replica_stream_labels",
            f"{said}timestamp labels of the replicas' streams by region.",
            f"{{ for replica in {resource}.replica : replica.region_name => replica.stream_label }}",
        ),
    ]
