#pragma once
/// The proxy prefix of the configured endpoint_api, for paths of other collections beside it.

#include <string>

namespace lecter {

/// What comes before "/api/v1/" in `endpoint_api` ("/k8s" in "/k8s/api/v1/namespaces/…"), kept in
/// front of every path built from it; empty when there is no "/api/v1/" to anchor on.
std::string apiPrefixOf(const std::string& endpoint_api);

}  // namespace lecter
