// One watch line → decodeWatchEvent. Either an event (no error, an object, accessors that do not throw,
// expired() only for ERROR) or nullopt with a one-line error.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "json_mutator.h"
#include "lecter/kube/watch_event.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using lecter::fuzz::check;
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  std::string error = "not cleared";
  const auto event = lecter::decodeWatchEvent(line, &error);
  if (!event) {
    check(!error.empty(), "a refused line says why");
    check(lecter::fuzz::isOneLine(error), "the error is one line: " + error);
    return 0;
  }
  check(error.empty(), "a decoded line has no error");
  check(event->object.is_object(), "the event's object is a JSON object");
  (void)event->resourceVersion();
  (void)event->name();
  (void)event->statusCode();
  check(!event->expired() || event->type == lecter::WatchEvent::Type::Error,
        "only an ERROR event is expired");
  check(nlohmann::json::parse(event->object.dump()) == event->object, "the object serialises to itself");
  return 0;
}

extern "C" std::size_t LLVMFuzzerCustomMutator(std::uint8_t* data, std::size_t size, std::size_t max_size,
                                               unsigned int seed) {
  return lecter::fuzz::mutateJson(data, size, max_size, seed, /*json_offset=*/0);
}
