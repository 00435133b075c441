variable "aws_region" {
  description = "AWS region of the EKS cluster"
  type        = string
  default     = "us-east-1"
}

variable "cluster_name" {
  description = "Name of the EKS cluster the guardians run on"
  type        = string
  default     = "bravetto-prod"
}

variable "guardian_services" {
  description = "Services that get an IAM role and a service account (<name>-role, <name>-sa)"
  type        = set(string)
  default = [
    "guardian-zero-service",
    "guardian-abe-service",
    "guardian-john-service",
    "guardian-aeyon-service",
    "guardian-neuro-service",
    "guardian-lux-service",
    "tokenguard",
  ]
}

variable "namespace" {
  description = "Kubernetes namespace of the guardian services"
  type        = string
  default     = "guardian-services"
}

variable "oidc_provider_arn" {
  description = "ARN of the EKS cluster's IAM OIDC provider"
  type        = string
}

variable "oidc_provider_url" {
  description = "Issuer URL of the EKS cluster's OIDC provider, without https://"
  type        = string
}
