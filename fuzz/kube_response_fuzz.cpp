// An ApiServer answer (status line, then body; http_answer_input.h) → decodeKubeResponse, once without
// an expected kind and once as each kind lecter reads. Never throws; without a kind a 2xx is usable
// exactly when its body is a JSON object nested at most kMaxJsonDepth levels, and that object
// serialises back to itself; with a kind it is usable exactly when answerProblem finds nothing; anything
// else is a failed result with a one-line message.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "fuzz_check.h"
#include "http_answer_input.h"
#include "json_mutator.h"
#include "kube/bounded_json.h"
#include "kube/kube_response.h"
#include "lecter/kube/answer_decoding.h"

namespace {

using lecter::fuzz::check;

void checkDecoded(const lecter::HttpResponse& response,
                  const std::optional<lecter::ExpectedObject>& expected) {
  const lecter::KubeResult result = lecter::decodeKubeResponse(response, "GET /fuzz", expected);
  const std::string described = result.describe();
  const bool success_status = response.status >= 200 && response.status < 300;

  if (response.transportFailed()) {
    check(!result.ok() && result.http_status == 0, "no answer is no result");
  } else if (success_status) {
    std::string why;
    const auto body = lecter::parseBoundedJson(response.body, &why);
    const bool usable = body && body->is_object() && (!expected || !lecter::answerProblem(*body, *expected));
    check(result.ok() == usable, "a 2xx is usable exactly when it is the object asked for");
    if (result.ok()) {
      check(result.http_status == response.status, "the status is kept");
      check(result.object == *body, "the object is the body");
      check(nlohmann::json::parse(result.object.dump()) == result.object, "the object serialises to itself");
    } else {
      check(result.http_status == 0 && !result.message.empty(), "an unusable 2xx is a failed read");
    }
  } else {
    check(!result.ok() && result.http_status == response.status, "a failure keeps its status");
  }
  if (!result.ok())
    check(lecter::fuzz::isOneLine(described), "a failure is described on one line: " + described);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const lecter::HttpResponse response = lecter::fuzz::httpAnswerFrom(data, size);
  checkDecoded(response, std::nullopt);
  using lecter::ObjectKind;
  for (const ObjectKind kind : {ObjectKind::Endpoints, ObjectKind::EndpointSlice, ObjectKind::Service,
                                ObjectKind::Event, ObjectKind::EndpointsList, ObjectKind::EndpointSliceList,
                                ObjectKind::ServiceList, ObjectKind::DeleteResult}) {
    checkDecoded(response, lecter::ExpectedObject{kind, "db", kind == ObjectKind::Endpoints ? "pg" : ""});
  }
  return 0;
}

extern "C" std::size_t LLVMFuzzerCustomMutator(std::uint8_t* data, std::size_t size, std::size_t max_size,
                                               unsigned int seed) {
  return lecter::fuzz::mutateJson(data, size, max_size, seed, lecter::fuzz::httpAnswerBodyOffset(data, size));
}
