terraform {
  backend "s3" {
    bucket                      = "state"
    key                         = "app.tfstate"
    region                      = "us-east-1"
    endpoints                   = { s3 = "http://minio.local:9000" }
    use_path_style              = true
    skip_credentials_validation = true
  }
}
