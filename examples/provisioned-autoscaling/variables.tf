variable "aws_region" {
  description = "AWS region to create the resources in."
  type        = string
  default     = "us-east-1"
}
