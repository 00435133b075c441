output "guardian_role_arns" {
  description = "IAM role ARN of each guardian service"
  value       = { for name, role in aws_iam_role.guardian_service_role : name => role.arn }
}

output "guardian_service_accounts" {
  description = "Kubernetes service account of each guardian service"
  value       = { for name, sa in kubernetes_service_account.guardian_service_account : name => sa.metadata[0].name }
}
