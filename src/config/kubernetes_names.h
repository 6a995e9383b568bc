#pragma once
/// The name rules the ApiServer applies to namespaces, object names and port names
/// (k8s.io/apimachinery pkg/util/validation: IsDNS1123Label, IsDNS1123Subdomain).

#include <string_view>

namespace lecter::config_internal {

/// At most 63 characters: lower-case letters, digits and '-', starting and ending with a letter
/// or digit. Namespaces and Endpoints port names.
bool isDns1123Label(std::string_view text);

/// At most 253 characters: DNS-1123 labels (of any length) joined by '.'. Object names.
bool isDns1123Subdomain(std::string_view text);

}  // namespace lecter::config_internal
