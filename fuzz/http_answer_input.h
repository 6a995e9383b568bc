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

/// `data` as an HTTP answer. Without a status line (the first line is not a number of at most three
/// digits) the whole input is the body of a 200.
inline HttpResponse httpAnswerFrom(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  HttpResponse response;
  response.status = 200;
  const std::size_t line_end = text.find('\n');
  const std::string_view first = text.substr(0, line_end);
  long status = 0;
  const auto [end, error] = std::from_chars(first.data(), first.data() + first.size(), status);
  if (line_end != std::string_view::npos && !first.empty() && first.size() <= 3 && error == std::errc() &&
      end == first.data() + first.size()) {
    response.status = status;
    response.body = std::string(text.substr(line_end + 1));
    if (status == 0) response.error = "connection refused";
  } else {
    response.body = std::string(text);
  }
  return response;
}

}  // namespace lecter::fuzz
