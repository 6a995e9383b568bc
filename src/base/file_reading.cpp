#include "lecter/base/file_reading.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

namespace lecter {
namespace {

FileRead failure(FileRead::Status status, std::string error) {
  FileRead read;
  read.status = status;
  read.error = std::move(error);
  return read;
}

const char* kindOf(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  return "a file of another kind";
}

std::string notRegular(mode_t mode) { return std::string("is ") + kindOf(mode) + ", not a regular file"; }

/// "16 MiB", "64 KiB" or "100 bytes".
std::string sizeText(std::size_t bytes) {
  constexpr std::size_t kKiB = 1024;
  constexpr std::size_t kMiB = kKiB * kKiB;
  if (bytes >= kMiB && bytes % kMiB == 0) return std::to_string(bytes / kMiB) + " MiB";
  if (bytes >= kKiB && bytes % kKiB == 0) return std::to_string(bytes / kKiB) + " KiB";
  return std::to_string(bytes) + " bytes";
}

class Descriptor {
 public:
  explicit Descriptor(int fd) : fd_(fd) {}
  ~Descriptor() {
    if (fd_ >= 0) close(fd_);
  }
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  [[nodiscard]] int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

FileRead readRegularFile(const std::string& path, std::size_t max_bytes) {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer; on a regular file it
  // changes nothing. O_NOCTTY: a terminal named here must not become lecter's.
  const Descriptor fd(open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
  if (fd.get() < 0) {
    const int error = errno;
    struct stat info {};
    // A socket cannot be opened at all (ENXIO): say what it is rather than "No such device".
    if (error == ENXIO && stat(path.c_str(), &info) == 0 && !S_ISREG(info.st_mode))
      return failure(FileRead::Status::Refused, notRegular(info.st_mode));
    const auto status =
        (error == ENOENT || error == ENOTDIR) ? FileRead::Status::NotFound : FileRead::Status::Refused;
    return failure(status, std::string("cannot open: ") + std::strerror(error));
  }
  struct stat info {};
  if (fstat(fd.get(), &info) != 0)
    return failure(FileRead::Status::Refused, std::string("cannot stat: ") + std::strerror(errno));
  if (!S_ISREG(info.st_mode)) return failure(FileRead::Status::Refused, notRegular(info.st_mode));
  const std::string limit = sizeText(max_bytes);
  if (static_cast<std::size_t>(info.st_size) > max_bytes) {
    return failure(FileRead::Status::Refused,
                   "is " + std::to_string(info.st_size) + " bytes, more than " + limit);
  }

  FileRead read;
  read.content.reserve(static_cast<std::size_t>(info.st_size));
  // Up to one byte more than allowed, which tells a file that grew since fstat from a full one.
  char buffer[16 * 1024];
  while (read.content.size() <= max_bytes) {
    const std::size_t wanted = std::min(sizeof buffer, max_bytes + 1 - read.content.size());
    const ssize_t n = ::read(fd.get(), buffer, wanted);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      return failure(FileRead::Status::Refused, std::string("cannot read: ") + std::strerror(errno));
    }
    read.content.append(buffer, static_cast<std::size_t>(n));
  }
  if (read.content.size() > max_bytes) return failure(FileRead::Status::Refused, "is more than " + limit);
  return read;
}

std::optional<std::string> regularFileProblem(const std::string& path) {
  struct stat info {};
  if (stat(path.c_str(), &info) != 0) {
    const int error = errno;
    if (error == ENOENT || error == ENOTDIR) return "does not exist";
    return std::string("cannot stat: ") + std::strerror(error);
  }
  if (!S_ISREG(info.st_mode)) return notRegular(info.st_mode);
  return std::nullopt;
}

}  // namespace lecter
