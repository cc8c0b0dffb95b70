output "notifications_table_name" {
  description = "Name of the DynamoDB notifications table."
  value       = module.dynamodb.notifications_table_name
}

output "notifications_table_arn" {
  description = "ARN of the DynamoDB notifications table."
  value       = module.dynamodb.notifications_table_arn
}

output "notifications_table_stream_arn" {
  description = "ARN of the table's stream."
  value       = module.dynamodb.notifications_table_stream_arn
}

output "dynamodb_access_policy_arn" {
  description = "ARN of the IAM policy granting read and write access to the table."
  value       = module.dynamodb.dynamodb_access_policy_arn
}

output "dynamodb_read_only_policy_arn" {
  description = "ARN of the IAM policy granting read-only access to the table."
  value       = module.dynamodb.dynamodb_read_only_policy_arn
}
