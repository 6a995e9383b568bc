#include "support/apiserver/resource_path.h"

namespace lecter::testing {
namespace {

/// The '/'-separated segments after the leading '/'; "/a//b/" is {"a", "", "b", ""}.
std::vector<std::string_view> segmentsOf(std::string_view path) {
  std::vector<std::string_view> segments;
  path.remove_prefix(1);
  for (;;) {
    const std::size_t slash = path.find('/');
    segments.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) return segments;
    path.remove_prefix(slash + 1);
  }
}

}  // namespace

std::optional<std::vector<std::string>> matchPath(std::string_view path, std::string_view pattern) {
  if (path.empty() || path.front() != '/' || pattern.empty() || pattern.front() != '/') return std::nullopt;
  const std::vector<std::string_view> have = segmentsOf(path);
  const std::vector<std::string_view> want = segmentsOf(pattern);
  if (have.size() != want.size()) return std::nullopt;
  std::vector<std::string> captured;
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (want[i] == "*") {
      if (have[i].empty()) return std::nullopt;
      captured.emplace_back(have[i]);
    } else if (want[i] != have[i]) {
      return std::nullopt;
    }
  }
  return captured;
}

}  // namespace lecter::testing
