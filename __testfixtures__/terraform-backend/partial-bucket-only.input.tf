terraform {
  backend "s3" {
    bucket = "team-state"
  }
}
