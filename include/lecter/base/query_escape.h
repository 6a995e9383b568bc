#pragma once
/// Percent-encoding for the values of query parameters (ApiServer request paths, robots signatures).

#include <string>

namespace lecter {

/// `text` percent-encoded for a query parameter value: only RFC 3986 unreserved characters stay.
std::string queryEscaped(const std::string& text);

}  // namespace lecter
