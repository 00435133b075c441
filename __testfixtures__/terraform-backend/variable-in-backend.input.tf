variable "bucket" {
  default = "x"
}

terraform {
  backend "s3" {
    bucket = var.bucket
    key    = "app.tfstate"
    region = "us-east-1"
  }
}
