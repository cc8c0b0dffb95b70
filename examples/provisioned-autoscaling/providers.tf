terraform {
  required_version = ">= 1.9.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # Either provider line: the generated module's versions.tf narrows it to
      # the line it was rendered for (6 by default, 5 with aws_provider=5).
      version = ">= 5.98.0"
    }
  }
}

# Credentials and endpoints come from the usual AWS settings of the
# environment; the tests point AWS_ENDPOINT_URL at an AWS API emulator.
provider "aws" {
  region = var.aws_region
}
