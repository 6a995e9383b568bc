#pragma once
/// Runs a program (the real lecter binary, redis-server, ip) as a child process, its output going to
/// files the test can read while it runs.

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace lecter::testing {

class Subprocess {
 public:
  /// Starts `argv` (argv[0] a path or a name on $PATH) in `cwd` (empty: the current one), with
  /// `extra_env` ("NAME=value") added to this process's environment, replacing its NAME.
  Subprocess(std::vector<std::string> argv, const std::string& cwd = {},
             std::vector<std::string> extra_env = {});
  ~Subprocess();  // kills the child (SIGKILL) if still running
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;

  [[nodiscard]] pid_t pid() const { return pid_; }
  /// Sends a signal to the child.
  void signal(int signo) const;
  /// Waits up to `timeout` for the child to exit; its exit code, or 128+signal, or nullopt on timeout.
  std::optional<int> wait(std::chrono::milliseconds timeout);
  [[nodiscard]] bool running();

  /// Everything written so far to stdout / stderr.
  [[nodiscard]] std::string out() const;
  [[nodiscard]] std::string err() const;

 private:
  pid_t pid_ = -1;
  std::optional<int> exit_code_;
  std::string out_path_;
  std::string err_path_;
  std::string dir_;
};

/// Runs `argv` to completion (at most `timeout`) and returns {exit code, stdout + stderr}.
struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
RunResult runToCompletion(std::vector<std::string> argv, const std::string& cwd = {},
                          std::chrono::milliseconds timeout = std::chrono::seconds(30),
                          std::vector<std::string> extra_env = {});

/// Polling helper for conditions that other processes make true (a real process cannot be driven
/// by a manual clock). Returns true as soon as `predicate` holds.
bool eventually(const std::function<bool()>& predicate, std::chrono::milliseconds timeout);

}  // namespace lecter::testing
