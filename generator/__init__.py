"""ddbgen: render the DynamoDB Terraform module from per-environment profiles."""

__version__ = "0.4.0"
