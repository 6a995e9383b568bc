#include "lecter/kube/token_source.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <system_error>
#include <utility>

namespace lecter {
namespace {

std::string trimmed(const std::string& text) {
  constexpr const char* kWhitespace = " \t\r\n\v\f";
  const auto first = text.find_first_not_of(kWhitespace);
  if (first == std::string::npos) return {};
  const auto last = text.find_last_not_of(kWhitespace);
  return text.substr(first, last - first + 1);
}

std::string joined(const std::vector<std::string>& paths) {
  std::string text;
  for (const auto& path : paths) {
    if (!text.empty()) text += ", ";
    text += path;
  }
  return text;
}

void setError(std::string* error, std::string text) {
  if (error != nullptr) *error = std::move(text);
}

}  // namespace

FileTokenSource::FileTokenSource(std::vector<std::string> paths, const Clock& clock,
                                 std::chrono::seconds refresh)
    : paths_(std::move(paths)), clock_(clock), refresh_(refresh) {}

std::string FileTokenSource::token(std::string* error) {
  std::lock_guard lock(mutex_);
  if (read_at_ && clock_.now() - *read_at_ < refresh_) {
    setError(error, {});
    return cached_;
  }
  // A failed read is not cached, so a token that appears later is picked up on the next call.
  cached_.clear();
  read_at_.reset();
  for (const auto& path : paths_) {
    std::error_code ignored;
    if (!std::filesystem::exists(path, ignored)) continue;
    if (!std::filesystem::is_regular_file(path, ignored)) {
      setError(error, "token file " + path + " is not a regular file");
      return {};
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      setError(error, "cannot read token file " + path + ": " + std::strerror(errno));
      return {};
    }
    std::ostringstream content;
    content << in.rdbuf();
    std::string token = trimmed(content.str());
    if (token.empty()) {
      setError(error, "token file " + path + " is empty");
      return {};
    }
    cached_ = std::move(token);
    read_at_ = clock_.now();
    setError(error, {});
    return cached_;
  }
  setError(error, "no token file found (tried: " + joined(paths_) + ")");
  return {};
}

void FileTokenSource::invalidate() {
  std::lock_guard lock(mutex_);
  cached_.clear();
  read_at_.reset();
}

}  // namespace lecter
