#include "support/common/in_namespace.h"

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <exception>
#include <stdexcept>
#include <thread>

namespace lecter::testing {

void runInNetworkNamespace(const std::string& netns_path, const std::function<void()>& make) {
  if (netns_path.empty()) {
    make();
    return;
  }
  std::exception_ptr failure;
  // setns() changes only the calling thread, so a thread of its own keeps the caller where it is.
  std::thread helper([&] {
    try {
      const int fd = ::open(netns_path.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0) throw std::runtime_error("open " + netns_path + ": " + std::strerror(errno));
      const int joined = ::setns(fd, CLONE_NEWNET);
      const int error = errno;
      ::close(fd);
      if (joined != 0) throw std::runtime_error("setns " + netns_path + ": " + std::strerror(error));
      make();
    } catch (...) {
      failure = std::current_exception();
    }
  });
  helper.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace lecter::testing
