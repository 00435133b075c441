# Atomic Guardians
terraform {
  required_version = ">= 1.5.0"

  backend "s3" {
    bucket = "bravetto-terraform-state"
    key    = "atomic-guardians/terraform.tfstate"
    region = "us-east-1"
  }
}

provider "aws" {
  region = var.aws_region
}
