#pragma once
/// Base64 encoding (RFC 4648, standard alphabet, padded), as kubeconfig `*-data` fields hold it.

#include <string>

namespace lecter::testing {

std::string encodeBase64(const std::string& bytes);

}  // namespace lecter::testing
