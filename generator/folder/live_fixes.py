"""What fixes a difference ``check --live`` found: regenerate and apply, or an AWS CLI command.

Terraform puts back what the module's resources declare and read: for those the
fix is to regenerate the folder (nothing changes when it is up to date) and
apply. What the plan cannot see (capacity the autoscaler owns, the index set on
AWS provider 5 with autoscaling, an index, a policy or Contributor Insights that
no resource declares, a value the provider keeps when it is given none) needs
the AWS CLI: each command here is built from the profile and the table's own
names, every value shell-quoted, with the table's region.
"""

from __future__ import annotations

import shlex
from typing import Any

from generator.folder.changes import index_attributes, index_spec, update_table_command
from generator.profile.design import Design, Index

# Where no command fixes it: a table's keys and local indexes are fixed when it is created.
REBUILD = (
    "a table's keys and local indexes are fixed when it is created: make the profile's design the table's, "
    "or move to a new table (README: Changing a table, R)"
)


class Commands:
    """AWS CLI commands for one table in one region."""

    def __init__(self, table: str, region: str) -> None:
        self.table = table
        self.region = region

    def _here(self, command: str) -> str:
        return f"{command} --region {shlex.quote(self.region)}"

    def _waited(self, *commands: str) -> str:
        wait = self._here(f"aws dynamodb wait table-exists --table-name {shlex.quote(self.table)}")
        return "; ".join(f"{self._here(command)}; {wait}" for command in commands)

    def create_index(self, design: Design, values: dict[str, Any], index: Index, existing: list[Index]) -> str:
        """Create ``index`` beside the ``existing`` global indexes, whose attribute definitions go with it."""
        spec = index_spec(design, values, index)
        return self._waited(
            update_table_command(self.table, index_attributes(design, [*existing, index]), {"Create": spec})
        )

    def delete_index(self, name: str) -> str:
        return self._waited(update_table_command(self.table, [], {"Delete": {"IndexName": name}}))

    def rebuild_index(self, design: Design, values: dict[str, Any], index: Index, existing: list[Index]) -> str:
        """AWS changes no index's keys or projection in place: delete it, then create it as the profile says."""
        spec = index_spec(design, values, index)
        return self._waited(
            update_table_command(self.table, [], {"Delete": {"IndexName": index.name}}),
            update_table_command(self.table, index_attributes(design, [*existing, index]), {"Create": spec}),
        )

    def table_capacity(self, read: int, write: int) -> str:
        return self._here(
            f"aws dynamodb update-table --table-name {shlex.quote(self.table)} "
            f"--provisioned-throughput ReadCapacityUnits={int(read)},WriteCapacityUnits={int(write)}"
        )

    def index_capacity(self, name: str, read: int, write: int) -> str:
        throughput = {"ReadCapacityUnits": int(read), "WriteCapacityUnits": int(write)}
        return self._here(
            update_table_command(self.table, [], {"Update": {"IndexName": name, "ProvisionedThroughput": throughput}})
        )

    # UpdateTable takes -1 for a unit to remove its limit (CreateTable refuses it).
    def remove_table_limits(self) -> str:
        return self._here(
            f"aws dynamodb update-table --table-name {shlex.quote(self.table)} "
            "--on-demand-throughput MaxReadRequestUnits=-1,MaxWriteRequestUnits=-1"
        )

    def remove_index_limits(self, name: str) -> str:
        limits = {"MaxReadRequestUnits": -1, "MaxWriteRequestUnits": -1}
        return self._here(
            update_table_command(self.table, [], {"Update": {"IndexName": name, "OnDemandThroughput": limits}})
        )

    def aws_managed_key(self, region: str | None = None) -> str:
        # SSEType KMS without KMSMasterKeyId is the AWS managed key, alias/aws/dynamodb (UpdateTable's SSESpecification).
        command = f"aws dynamodb update-table --table-name {shlex.quote(self.table)} --sse-specification Enabled=true,SSEType=KMS"
        return f"{command} --region {shlex.quote(region)}" if region else self._here(command)

    def default_recovery_period(self) -> str:
        return self._here(
            f"aws dynamodb update-continuous-backups --table-name {shlex.quote(self.table)} "
            "--point-in-time-recovery-specification PointInTimeRecoveryEnabled=true,RecoveryPeriodInDays=35"
        )

    def deregister_targets(self, targets: list[tuple[str, str]]) -> str:
        """Deregister (resource id, scalable dimension) targets: their scaling policies go with them."""
        return "; ".join(
            self._here(
                "aws application-autoscaling deregister-scalable-target --service-namespace dynamodb "
                f"--resource-id {shlex.quote(resource_id)} --scalable-dimension {shlex.quote(dimension)}"
            )
            for resource_id, dimension in targets
        )

    def disable_insights(self, index: str) -> str:
        where = f" --index-name {shlex.quote(index)}" if index else ""
        return self._here(
            f"aws dynamodb update-contributor-insights --table-name {shlex.quote(self.table)}{where} --contributor-insights-action DISABLE"
        )

    def delete_policy(self, arn: str, region: str | None = None) -> str:
        command = f"aws dynamodb delete-resource-policy --resource-arn {shlex.quote(arn)}"
        return f"{command} --region {shlex.quote(region)}" if region else self._here(command)


def apply(folder: str) -> str:
    return f"regenerate and apply: ddbgen regenerate {shlex.quote(folder)}, then terraform apply"
