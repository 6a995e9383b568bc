#pragma once
/// A fresh directory under $TMPDIR, removed with everything in it when the test ends.

#include <string>

namespace lecter::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  [[nodiscard]] const std::string& path() const { return path_; }
  /// Writes `content` to path()/name and returns the full path.
  std::string write(const std::string& name, const std::string& content) const;

 private:
  std::string path_;
};

/// The whole content of a file, or empty when it cannot be read.
std::string readFile(const std::string& path);

}  // namespace lecter::testing
