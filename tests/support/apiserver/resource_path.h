#pragma once
/// Request paths matched segment by segment: the fixture matches every request's path under its lock,
/// and std::regex made that a good share of each write's time.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lecter::testing {

/// The segments of `path` that stand where `pattern` has `*` (each non-empty, no '/'), when every other
/// segment is equal; nullopt when the path does not match. E.g. matchPath("/api/v1/namespaces/a/endpoints/b",
/// "/api/v1/namespaces/*/endpoints/*") is {"a", "b"}.
std::optional<std::vector<std::string>> matchPath(std::string_view path, std::string_view pattern);

}  // namespace lecter::testing
