# The spec's "Provisioned Capacity with Auto-Scaling", plus the TypeIndex
# global secondary index, whose capacity is scaled the same way.
#
# The module must be generated with autoscaling on (see ../README.md):
# autoscaling puts capacity into the table's lifecycle ignore_changes, which
# Terraform only accepts as a literal, so it is fixed at generation.
module "dynamodb" {
  source = "./module"

  environment              = "production"
  notifications_table_name = "prod-user-notifications"
  billing_mode             = "PROVISIONED"

  # Initial capacity
  read_capacity  = 10
  write_capacity = 10

  # Enable auto-scaling
  enable_autoscaling             = true
  autoscaling_read_max_capacity  = 100
  autoscaling_write_max_capacity = 100
  autoscaling_read_target_value  = 70
  autoscaling_write_target_value = 70

  # Query a user's notifications of one type
  enable_type_index = true

  common_tags = {
    Project     = "Twitter Backend"
    Environment = "Production"
    ManagedBy   = "Terraform"
  }
}
