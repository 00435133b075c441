# Service accounts referenced by the Deployments as serviceAccountName: <service>-sa
resource "kubernetes_service_account" "guardian_service_account" {
  for_each = var.guardian_services

  metadata {
    name      = "${each.value}-sa"
    namespace = var.namespace
    annotations = merge(var.common_annotations, {
      "eks.amazonaws.com/role-arn" = aws_iam_role.guardian_service_role[each.value].arn
    })
  }
}
