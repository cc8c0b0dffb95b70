variable "aws_region" {
  description = "AWS region to create the resources in."
  type        = string
  default     = "us-east-1"
}

variable "aws_endpoint" {
  description = "URL that replaces the AWS endpoint of every service this example calls, such as an AWS API emulator; null uses AWS itself."
  type        = string
  default     = null
}
