#pragma once

// The checks IAM makes on a policy document before it stores it, with IAM's MalformedPolicyDocument messages.
// A document is checked for shape only: IAM in ecsemu stores policies, it never evaluates them.

#include <string_view>

namespace ecsemu::iam {

enum class PolicyKind {
  Identity,  // managed and inline policies: Action and Resource, no Principal
  Trust,     // a role's AssumeRolePolicyDocument: Principal and sts:AssumeRole*, no Resource
};

// Throws aws::ServiceError("MalformedPolicyDocumentException", ...) when the document is not one IAM accepts.
void check_policy_document(std::string_view document, PolicyKind kind);

// The document's size as IAM's quotas count it (white space outside strings not counted).
std::size_t policy_size(std::string_view document);

}  // namespace ecsemu::iam
