#include "support/common/fifo.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <future>
#include <stdexcept>
#include <thread>

namespace lecter::testing {

void makeFifo(const std::string& path) {
  if (mkfifo(path.c_str(), 0600) != 0)
    throw std::runtime_error("mkfifo " + path + ": " + std::strerror(errno));
}

bool returnsWithoutAWriter(const std::string& fifo, const std::function<void()>& read,
                           std::chrono::milliseconds bound) {
  std::promise<void> done;
  std::future<void> finished = done.get_future();
  std::thread reader([&] {
    read();
    done.set_value();
  });
  const bool in_time = finished.wait_for(bound) == std::future_status::ready;
  // A writer that comes and goes gives the blocked reader its end of file. Opening for writing
  // without blocking fails (ENXIO) until the reader has the FIFO open, so try until one of the two.
  while (finished.wait_for(std::chrono::milliseconds(10)) != std::future_status::ready) {
    const int writer = open(fifo.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (writer >= 0) close(writer);
  }
  reader.join();
  return in_time;
}

}  // namespace lecter::testing
