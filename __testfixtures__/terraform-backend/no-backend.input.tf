provider "aws" {
  region = "us-east-1"
}

# backend "s3" { bucket = "commented-out" }
