#pragma once
/// The input format of the targets that decode ApiServer answers: the HTTP status on the first line,
/// the body after it ("404\n{\"kind\":\"Status\",...}"), so seeds read like the answers they stand for.

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "lecter/kube/http_client.h"

namespace lecter::fuzz {

/// Where the body starts: after the status line, or at 0 when there is none (the first line is not a
/// number of at most three digits).
inline std::size_t httpAnswerBodyOffset(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::size_t line_end = text.find('\n');
  if (line_end == std::string_view::npos || line_end == 0 || line_end > 3) return 0;
  long status = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + line_end, status);
  return error == std::errc() && end == text.data() + line_end ? line_end + 1 : 0;
}

/// `data` as an HTTP answer; without a status line, the whole input is the body of a 200.
inline HttpResponse httpAnswerFrom(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::size_t body_at = httpAnswerBodyOffset(data, size);
  HttpResponse response;
  response.status = 200;
  if (body_at > 0) (void)std::from_chars(text.data(), text.data() + body_at - 1, response.status);
  response.body = std::string(text.substr(body_at));
  if (response.status == 0) response.error = "connection refused";
  return response;
}

}  // namespace lecter::fuzz
