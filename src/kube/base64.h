#pragma once
/// Base64 (RFC 4648, standard alphabet, padded), as kubeconfig `*-data` fields hold it. Internal to
/// the kube module.

#include <optional>
#include <string>
#include <string_view>

namespace lecter {

/// The bytes `text` encodes, or nullopt when it is not valid padded base64. Line breaks and spaces
/// (base64 wrapped over lines) are skipped.
std::optional<std::string> decodeBase64(std::string_view text);

}  // namespace lecter
