# The spec's "With CloudWatch Alarms": alarms on throttles and errors notify
# an SNS topic. Contributor Insights, which shows the most accessed and most
# throttled keys, is turned on too.
resource "aws_sns_topic" "alerts" {
  name = "prod-user-notifications-alerts"
}

module "dynamodb" {
  source = "./module"

  environment              = "production"
  notifications_table_name = "prod-user-notifications"

  # Enable monitoring
  enable_cloudwatch_alarms = true
  alarm_sns_topic_arn      = aws_sns_topic.alerts.arn

  # Alarm thresholds
  read_throttle_alarm_threshold  = 10
  write_throttle_alarm_threshold = 10
  user_errors_alarm_threshold    = 50
  system_errors_alarm_threshold  = 5

  # See the keys behind hot partitions and throttling
  enable_contributor_insights = true

  common_tags = {
    Project     = "Twitter Backend"
    Environment = "Production"
    ManagedBy   = "Terraform"
  }
}
