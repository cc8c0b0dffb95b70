# The spec's "Basic Usage (On-Demand)": a pay-per-request table with the
# module's defaults for everything not set here.
module "dynamodb" {
  source = "./module"

  environment              = "staging"
  notifications_table_name = "staging-user-notifications"
  billing_mode             = "PAY_PER_REQUEST"

  common_tags = {
    Project   = "Twitter Backend"
    ManagedBy = "Terraform"
  }
}
