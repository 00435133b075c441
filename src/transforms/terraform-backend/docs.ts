// `guardfix explain terraform-backend`: the rule's documentation, in the headings every rule's docs share.
export const docs = `## What it does
Reports every \`backend "s3"\` block with its bucket, key and region. Offline (the default)
nothing is known about the bucket, so the finding is an \`info\` note — shown, but it never
fails a run (exit code): it says the bucket must exist and how to check it
(\`aws s3api head-bucket --bucket <bucket>\`). With \`--online\`, guardfix asks S3 itself
(HeadBucket, with the standard AWS credential chain and the block's \`profile\`): a bucket that
exists and answers is no finding; a missing bucket (404), a bucket these credentials cannot
read (403) and a bucket in another region (301) are critical findings; an S3 that cannot be
reached is a note again (it proves nothing). Each bucket is asked once per run, in at most a
few seconds.

A backend value that is not a literal (a variable) is a critical finding: \`terraform init\`
rejects it. An empty \`backend "s3" {}\` is partial configuration: the values come from
\`terraform init -backend-config=…\`, which guardfix does not read; a note says so and names
the backend config files it sees next to the configuration.

## Why is this bad?
\`terraform init\` fails on a bucket that does not exist or that the caller cannot read, and a
bucket in an account you do not control would hold your state (and its secrets).

## Example
\`\`\`hcl
terraform {
  backend "s3" {
    bucket = "bravetto-terraform-state"
    key    = "atomic-guardians/terraform.tfstate"
    region = "us-east-1"
  }
}
\`\`\`

Use instead:
\`\`\`hcl
terraform {
  backend "s3" {
    bucket = "bravetto-terraform-state"
    key    = "atomic-guardians/terraform.tfstate"
    region = "us-east-1"
  }
}
\`\`\`
(the same block, once \`aws s3api head-bucket --bucket bravetto-terraform-state\` succeeds;
there is nothing to rewrite.)

## Options
- \`--online\`: check the bucket over the network (never done otherwise).
- \`--s3-endpoint <url>\`, else the block's \`endpoints.s3\`/\`endpoint\`, else
  \`AWS_ENDPOINT_URL_S3\` / \`AWS_ENDPOINT_URL\`: an S3-compatible endpoint (path-style
  addressing is used with it).
- Region: the block's \`region\`, else \`AWS_REGION\` / \`AWS_DEFAULT_REGION\`, else us-east-1.

## Fix safety
No fix: creating a state bucket (versioning, encryption, access policy) is a decision, not an edit.

## References
- https://developer.hashicorp.com/terraform/language/backend/s3
- https://developer.hashicorp.com/terraform/language/backend#partial-configuration
`;
