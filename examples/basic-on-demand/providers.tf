terraform {
  required_version = ">= 1.9"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

provider "aws" {
  region = var.aws_region

  # With aws_endpoint set (the tests set it to an AWS API emulator on
  # 127.0.0.1), every service this example calls goes there, and the provider
  # neither checks the credentials with AWS nor asks instance metadata for any.
  skip_credentials_validation = var.aws_endpoint != null
  skip_metadata_api_check     = var.aws_endpoint != null

  endpoints {
    applicationautoscaling = var.aws_endpoint
    cloudwatch             = var.aws_endpoint
    dynamodb               = var.aws_endpoint
    iam                    = var.aws_endpoint
    kms                    = var.aws_endpoint
    sns                    = var.aws_endpoint
    sts                    = var.aws_endpoint
  }
}
