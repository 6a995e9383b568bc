// An ApiServer answer (status line, then body; http_answer_input.h) → decodeKubeResponse. Never throws;
// a 2xx is a usable object exactly when its body is a JSON object, and that object serialises back to
// itself; anything else is a failed result with a one-line message.

#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "fuzz_check.h"
#include "http_answer_input.h"
#include "json_mutator.h"
#include "kube/kube_response.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using lecter::fuzz::check;
  const lecter::HttpResponse response = lecter::fuzz::httpAnswerFrom(data, size);
  const lecter::KubeResult result = lecter::decodeKubeResponse(response);
  const std::string described = result.describe();
  const bool success_status = response.status >= 200 && response.status < 300;

  if (response.transportFailed()) {
    check(!result.ok() && result.http_status == 0, "no answer is no result");
  } else if (success_status) {
    const auto body = nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
    check(result.ok() == body.is_object(), "a 2xx is usable exactly when its body is a JSON object");
    if (result.ok()) {
      check(result.http_status == response.status, "the status is kept");
      check(result.object == body, "the object is the body");
      check(nlohmann::json::parse(result.object.dump()) == result.object, "the object serialises to itself");
    } else {
      check(result.http_status == 0 && !result.message.empty(), "an unusable 2xx is a failed read");
    }
  } else {
    check(!result.ok() && result.http_status == response.status, "a failure keeps its status");
  }
  if (!result.ok())
    check(lecter::fuzz::isOneLine(described), "a failure is described on one line: " + described);
  return 0;
}

extern "C" std::size_t LLVMFuzzerCustomMutator(std::uint8_t* data, std::size_t size, std::size_t max_size,
                                               unsigned int seed) {
  return lecter::fuzz::mutateJson(data, size, max_size, seed, lecter::fuzz::httpAnswerBodyOffset(data, size));
}
