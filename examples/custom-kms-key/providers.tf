terraform {
  required_version = ">= 1.9.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0, < 6.0"
    }
  }
}

# Credentials and endpoints come from the usual AWS settings of the
# environment; the tests point AWS_ENDPOINT_URL at an AWS API emulator.
provider "aws" {
  region = var.aws_region
}
