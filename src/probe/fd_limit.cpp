#include "lecter/probe/fd_limit.h"

#include <sys/resource.h>

#include <cstdio>

#include "lecter/obs/log.h"

namespace lecter {

namespace {
// Linux refuses an RLIMIT_NOFILE above fs.nr_open, so an infinite hard limit is raised to that.
rlim_t systemOpenFileCeiling() {
  rlim_t ceiling = 1U << 20;  // the kernel's default nr_open
  if (std::FILE* file = std::fopen("/proc/sys/fs/nr_open", "re"); file != nullptr) {
    unsigned long value = 0;
    if (std::fscanf(file, "%lu", &value) == 1 && value > 0) ceiling = value;
    std::fclose(file);
  }
  return ceiling;
}
}  // namespace

std::size_t raiseOpenFileLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
  rlim_t wanted = limit.rlim_max == RLIM_INFINITY ? systemOpenFileCeiling() : limit.rlim_max;
  if (limit.rlim_cur == RLIM_INFINITY || limit.rlim_cur >= wanted) {
    return limit.rlim_cur == RLIM_INFINITY ? static_cast<std::size_t>(wanted)
                                           : static_cast<std::size_t>(limit.rlim_cur);
  }
  rlimit raised = limit;
  raised.rlim_cur = wanted;
  if (setrlimit(RLIMIT_NOFILE, &raised) != 0) {
    log::warn("could not raise the open-file limit from {} to {}; probes will run in waves of at most {}",
              static_cast<unsigned long long>(limit.rlim_cur), static_cast<unsigned long long>(wanted),
              inflightForOpenFileLimit(static_cast<std::size_t>(limit.rlim_cur)));
    return static_cast<std::size_t>(limit.rlim_cur);
  }
  return static_cast<std::size_t>(wanted);
}

std::size_t inflightForOpenFileLimit(std::size_t open_file_limit) {
  return open_file_limit > kReservedDescriptors + 1 ? open_file_limit - kReservedDescriptors : 1;
}

}  // namespace lecter
