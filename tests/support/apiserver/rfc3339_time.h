#pragma once
/// Timestamps as the apiserver writes them in metadata.creationTimestamp (metav1.Time: RFC 3339, UTC,
/// whole seconds).

#include <string>

namespace lecter::testing {

/// Now, e.g. "2026-11-28T08:29:23Z".
std::string rfc3339Now();

}  // namespace lecter::testing
