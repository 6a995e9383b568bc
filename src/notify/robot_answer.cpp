#include "robot_answer.h"

#include <nlohmann/json.hpp>

#include "lecter/base/json_fields.h"
#include "lecter/base/one_line.h"
#include "lecter/notify/message_text.h"

namespace lecter {
namespace {

/// The start of what a robot said, on one line, short enough for a log line.
std::string excerpt(std::string_view text) { return oneLine(cutToBytes(text, 200)); }

}  // namespace

SendVerdict readRobotAnswer(const HttpResponse& response,
                            const std::vector<std::pair<const char*, const char*>>& fields) {
  SendVerdict verdict = httpVerdict(response);
  if (response.transportFailed()) return verdict;
  verdict.delivered = false;  // only a result code of 0 says it arrived
  const nlohmann::json answer = nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  for (const auto& [code_key, message_key] : fields) {
    const nlohmann::json& code = jsonMember(answer, code_key);
    if (!code.is_number_integer()) continue;
    const long long value = code.get<long long>();
    verdict.detail += ", " + std::string(code_key) + " " + std::to_string(value);
    if (const std::string message = stringMember(answer, message_key); !message.empty() && value != 0)
      verdict.detail += ": " + excerpt(message);
    verdict.delivered = value == 0 && response.status >= 200 && response.status < 300;
    return verdict;
  }
  verdict.detail +=
      response.status >= 200 && response.status < 300 ? ", an answer without a result code: " : ": ";
  verdict.detail += response.body.empty() ? "(empty)" : excerpt(response.body);
  return verdict;
}

}  // namespace lecter
