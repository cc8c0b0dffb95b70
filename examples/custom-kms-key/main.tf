# The spec's "With Custom KMS Encryption": the table is encrypted at rest with
# a customer managed key instead of the AWS managed one.
resource "aws_kms_key" "dynamodb" {
  description             = "Encrypts the prod-user-notifications DynamoDB table at rest"
  deletion_window_in_days = 30
  enable_key_rotation     = true
}

resource "aws_kms_alias" "dynamodb" {
  name          = "alias/prod-user-notifications"
  target_key_id = aws_kms_key.dynamodb.key_id
}

module "dynamodb" {
  source = "./module"

  environment              = "production"
  notifications_table_name = "prod-user-notifications"

  # Use custom KMS key
  kms_key_arn = aws_kms_key.dynamodb.arn

  common_tags = {
    Project     = "Twitter Backend"
    Environment = "Production"
    ManagedBy   = "Terraform"
  }
}
