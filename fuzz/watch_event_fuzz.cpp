// One watch line → decodeWatchEvent, then the check the watch makes of the event's object. Either an
// event (no error, an object, accessors that do not throw, expired() only for ERROR, any problem of its
// object named on one line) or nullopt with a one-line error.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "json_mutator.h"
#include "lecter/kube/answer_decoding.h"
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
  // What the watch checks before it applies an event's object.
  using lecter::ObjectKind;
  for (const ObjectKind kind : {ObjectKind::Endpoints, ObjectKind::EndpointSlice, ObjectKind::Service}) {
    if (const auto problem = lecter::itemProblem(event->object, kind)) {
      check(lecter::fuzz::isOneLine(*problem), "a problem is named on one line: " + *problem);
    }
  }
  return 0;
}

extern "C" std::size_t LLVMFuzzerCustomMutator(std::uint8_t* data, std::size_t size, std::size_t max_size,
                                               unsigned int seed) {
  return lecter::fuzz::mutateJson(data, size, max_size, seed, /*json_offset=*/0);
}
