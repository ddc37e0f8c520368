package dev.residual.datasets.upload;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.multipart.support.StandardMultipartHttpServletRequest;

/**
 * Lets dataset archive uploads ({@code POST /api/v1/datasets} as {@code multipart/form-data}) reach
 * their controller unparsed. The request is wrapped in Spring's own multipart request in lazy mode,
 * which the DispatcherServlet accepts as already resolved; as nothing then asks for its parts, the
 * container never buffers or size-checks the body and {@link MultipartArchiveReader} streams it.
 * Every other request, including other multipart endpoints, is left alone and keeps the
 * service-wide {@code spring.servlet.multipart} limits.
 */
@Component
class UploadFilter extends OncePerRequestFilter {

  static final String PATH = "/api/v1/datasets";

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String contentType = request.getContentType();
    return !"POST".equals(request.getMethod())
        || !(request.getContextPath() + PATH).equals(request.getRequestURI())
        || contentType == null
        || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    chain.doFilter(new StandardMultipartHttpServletRequest(request, true), response);
  }
}
