# One IAM role per guardian, assumable only by that guardian's service account (IRSA).
resource "aws_iam_role" "guardian_service_role" {
  for_each = var.guardian_services

  name = "${each.value}-role"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect = "Allow"
        Principal = {
          Federated = var.oidc_provider_arn
        }
        Action = "sts:AssumeRoleWithWebIdentity"
        Condition = {
          StringEquals = {
            "${var.oidc_provider_url}:sub" = "system:serviceaccount:${var.namespace}:${each.value}-sa"
            "${var.oidc_provider_url}:aud" = "sts.amazonaws.com"
          }
        }
      }
    ]
  })

  tags = {
    Service = each.value
  }
}

# Read access to the shared guardian configuration in SSM Parameter Store
resource "aws_iam_policy" "guardian_config_read" {
  name        = "guardian-config-read"
  description = "Read /atomic-guardians/* parameters"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["ssm:GetParameter", "ssm:GetParametersByPath"]
        Resource = "arn:aws:ssm:${var.aws_region}:*:parameter/atomic-guardians/*"
      }
    ]
  })
}

resource "aws_iam_role_policy_attachment" "guardian_config_read" {
  for_each = var.guardian_services

  role       = aws_iam_role.guardian_service_role[each.value].name
  policy_arn = aws_iam_policy.guardian_config_read.arn
}
