#include <string>
#include <utility>

#include "lecter/base/file_reading.h"
#include "lecter/base/one_line.h"
#include "lecter/kube/token_source.h"

namespace lecter {
namespace {

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
    const FileRead file = readRegularFile(path, kMaxTokenBytes);
    if (file.status == FileRead::Status::NotFound) continue;
    // Refused like a missing token: requests go without one and the ApiServer's 401 shows why.
    if (!file.ok()) {
      setError(error, "token file " + path + ": " + file.error);
      return {};
    }
    std::string token = trimmed(file.content);
    if (token.empty()) {
      setError(error, "token file " + path + ": is empty");
      return {};
    }
    if (const std::string problem = bearerTokenProblem(token); !problem.empty()) {
      setError(error, "token file " + path + ": the token " + problem);
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
