"""The generated module's resource addresses, and the one rule that names them.

The table is ``aws_dynamodb_table.<logical name>``: the specification names that
address for ``terraform import`` (``aws_dynamodb_table.notifications``), so the
design's name stays on it. It is the only address the design names: a module
holds one table, so every other resource is named for what it is, the way
terraform-aws-modules and the Terraform style guides name them (a descriptive
noun, no stutter of the type or the module): ``table`` for what belongs to the
table and its global indexes (alarms, Contributor Insights, its resource
policy), ``table_stream`` for the stream's resource policy, ``capacity`` for the
scaling targets and policies, ``access`` and ``read_only`` for the IAM policies,
``local_indexes`` for the record of local indexes. Provider 6's global indexes
are each ``aws_dynamodb_global_secondary_index.<index>``: named after the index
each one is. Instances are keyed by what they watch (``ByStatus_read_throttle``).

So a new logical name moves one address, templates and outputs read the same for
every design, and a resource a later version adds takes a name for what it is.

ddbgen 0.2 named the alarms, Contributor Insights and resource policies after
the design too; ``NAMED_AFTER_THE_DESIGN`` maps those addresses to these, and
``moved.py`` writes the ``moved`` blocks that carry a 0.2 module's state over.
The templates write the same names as block labels; ``tests/test_addresses.py``
checks that they and this module agree.
"""

from __future__ import annotations

ALARMS = "aws_cloudwatch_metric_alarm.table"
CONTRIBUTOR_INSIGHTS = "aws_dynamodb_contributor_insights.table"
TABLE_POLICY = "aws_dynamodb_resource_policy.table"
STREAM_POLICY = "aws_dynamodb_resource_policy.table_stream"
SCALING_TARGETS = "aws_appautoscaling_target.capacity"
SCALING_POLICIES = "aws_appautoscaling_policy.capacity"
SCHEDULED_ACTIONS = "aws_appautoscaling_scheduled_action.capacity"
KINESIS_DESTINATION = "aws_dynamodb_kinesis_streaming_destination.table"
ACCESS_POLICY = "aws_iam_policy.access"
READ_ONLY_POLICY = "aws_iam_policy.read_only"
LOCAL_INDEXES = "terraform_data.local_indexes"
GLOBAL_INDEX_TYPE = "aws_dynamodb_global_secondary_index"
# AWS Backup (the backup input): the table's vault, plan and selection, in each region backed up,
# and the service role AWS Backup assumes with its managed policies attached.
BACKUP_VAULT = "aws_backup_vault.table"
BACKUP_PLAN = "aws_backup_plan.table"
BACKUP_SELECTION = "aws_backup_selection.table"
BACKUP_ROLE = "aws_iam_role.backup"
BACKUP_ROLE_POLICIES = "aws_iam_role_policy_attachment.backup"
# The table's CloudWatch dashboard (enable_dashboard).
DASHBOARD = "aws_cloudwatch_dashboard.table"

# Every resource address besides the table's and the global indexes'.
NAMED_FOR_WHAT_THEY_ARE = (
    ALARMS,
    CONTRIBUTOR_INSIGHTS,
    TABLE_POLICY,
    STREAM_POLICY,
    SCALING_TARGETS,
    SCALING_POLICIES,
    SCHEDULED_ACTIONS,
    KINESIS_DESTINATION,
    ACCESS_POLICY,
    READ_ONLY_POLICY,
    LOCAL_INDEXES,
    BACKUP_VAULT,
    BACKUP_PLAN,
    BACKUP_SELECTION,
    BACKUP_ROLE,
    BACKUP_ROLE_POLICIES,
    DASHBOARD,
)

# ddbgen 0.2's addresses ({} the design's logical name) and what they are now.
NAMED_AFTER_THE_DESIGN = (
    ("aws_cloudwatch_metric_alarm.{}", ALARMS),
    ("aws_dynamodb_contributor_insights.{}", CONTRIBUTOR_INSIGHTS),
    ("aws_dynamodb_resource_policy.{}", TABLE_POLICY),
    ("aws_dynamodb_resource_policy.{}_stream", STREAM_POLICY),
)


def table(name: str) -> str:
    """The table's address: its design's logical name (the specification's import address)."""
    return f"aws_dynamodb_table.{name}"


def global_index(resource_name: str) -> str:
    """A global index's own resource (provider 6), named after the index."""
    return f"{GLOBAL_INDEX_TYPE}.{resource_name}"


def instance(address: str, key: str) -> str:
    """One instance of a ``for_each`` resource: ``address["key"]``."""
    return f'{address}["{key}"]'


def count_instance(address: str) -> str:
    """The one instance of a ``count`` resource that exists or not: ``address[0]``."""
    return f"{address}[0]"


def resource_of(address: str) -> str:
    """The resource an address names, without its instance key: ``a.b["k"]`` and ``a.b[0]`` are ``a.b``."""
    return address.split("[", 1)[0]
