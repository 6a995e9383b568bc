#include "support/common/subprocess.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <stdexcept>
#include <thread>

#include "support/common/temp_dir.h"

extern char** environ;

namespace lecter::testing {

namespace {
std::string makeTempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base != nullptr ? base : "/tmp") + "/lecter-proc-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

std::optional<int> decodeStatus(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return std::nullopt;
}
}  // namespace

Subprocess::Subprocess(std::vector<std::string> argv, const std::string& cwd,
                       std::vector<std::string> extra_env)
    : dir_(makeTempDir()) {
  out_path_ = dir_ + "/stdout";
  err_path_ = dir_ + "/stderr";
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    // An extra NAME=value replaces this process's NAME: getenv() would find the first of two.
    const std::string entry(*e);
    const std::string name = entry.substr(0, entry.find('='));
    const bool replaced = std::any_of(extra_env.begin(), extra_env.end(), [&](const std::string& extra) {
      return extra.substr(0, extra.find('=')) == name;
    });
    if (!replaced) env.push_back(entry);
  }
  for (auto& e : extra_env) env.push_back(std::move(e));
  std::vector<char*> argv_c;
  for (auto& a : argv) argv_c.push_back(a.data());
  argv_c.push_back(nullptr);
  std::vector<char*> env_c;
  for (auto& e : env) env_c.push_back(e.data());
  env_c.push_back(nullptr);

  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    const int out = open(out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int err = open(err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int in = open("/dev/null", O_RDONLY);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    setpgid(0, 0);
    // A test binary killed mid-run must not leave lecter or redis-server behind (note: the signal
    // follows the death of the forking thread, and tests start children from their main thread).
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (!cwd.empty() && chdir(cwd.c_str()) != 0) _exit(126);
    execvpe(argv_c[0], argv_c.data(), env_c.data());
    _exit(127);
  }
}

Subprocess::~Subprocess() {
  if (!exit_code_ && pid_ > 0) {
    kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  std::error_code ignored;
  unlink(out_path_.c_str());
  unlink(err_path_.c_str());
  rmdir(dir_.c_str());
}

void Subprocess::signal(int signo) const {
  if (pid_ > 0) kill(pid_, signo);
}

std::optional<int> Subprocess::wait(std::chrono::milliseconds timeout) {
  if (exit_code_) return exit_code_;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    int status = 0;
    const pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      exit_code_ = decodeStatus(status);
      return exit_code_;
    }
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

bool Subprocess::running() { return !wait(std::chrono::milliseconds(0)).has_value(); }

std::string Subprocess::out() const { return readFile(out_path_); }
std::string Subprocess::err() const { return readFile(err_path_); }

RunResult runToCompletion(std::vector<std::string> argv, const std::string& cwd,
                          std::chrono::milliseconds timeout, std::vector<std::string> extra_env) {
  Subprocess p(std::move(argv), cwd, std::move(extra_env));
  RunResult r;
  const auto code = p.wait(timeout);
  r.exit_code = code.value_or(-1);
  r.out = p.out();
  r.err = p.err();
  return r;
}

bool eventually(const std::function<bool()>& predicate, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (predicate()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace lecter::testing
