#include "lecter/daemon/config_file_watch.h"

#include <sys/inotify.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

namespace lecter {
namespace {

/// The folder part of `path` ("." for a bare name).
std::string folderOf(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

}  // namespace

ConfigFileWatch::ConfigFileWatch(const std::string& path) {
  fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd_ < 0) {
    problem_ = std::string("inotify: ") + std::strerror(errno);
    return;
  }
  const std::string folder = folderOf(path);
  // Written and closed, renamed in (an editor's save, the ConfigMap's ..data swap), created, deleted.
  const uint32_t mask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_ATTRIB;
  if (inotify_add_watch(fd_, folder.c_str(), mask) < 0) {
    problem_ = "inotify on " + folder + ": " + std::strerror(errno);
    ::close(fd_);
    fd_ = -1;
  }
}

ConfigFileWatch::~ConfigFileWatch() {
  if (fd_ >= 0) ::close(fd_);
}

bool ConfigFileWatch::takeEvents() {
  if (fd_ < 0) return false;
  bool any = false;
  alignas(inotify_event) std::array<char, 4096> buffer{};
  while (::read(fd_, buffer.data(), buffer.size()) > 0) any = true;
  return any;
}

}  // namespace lecter
