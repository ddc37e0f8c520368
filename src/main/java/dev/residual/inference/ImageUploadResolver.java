package dev.residual.inference;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.util.WebUtils;

/**
 * Binds an {@link ImageUpload.Batch} from either form a prediction request may take: multipart
 * fields {@code image} and {@code images}, or a raw {@code image/png} or {@code image/jpeg} body.
 * Nothing is read here; the prediction service reads each image under its limits.
 */
final class ImageUploadResolver implements HandlerMethodArgumentResolver {

  static final String IMAGE = "image";
  static final String IMAGES = "images";

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return parameter.getParameterType() == ImageUpload.Batch.class;
  }

  @Override
  public ImageUpload.Batch resolveArgument(
      MethodParameter parameter,
      ModelAndViewContainer mavContainer,
      NativeWebRequest webRequest,
      WebDataBinderFactory binderFactory) {
    HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
    MultipartHttpServletRequest multipart =
        WebUtils.getNativeRequest(request, MultipartHttpServletRequest.class);
    if (multipart == null) {
      // Size unknown on purpose: an oversized body is read up to the limit before the 413, so
      // that the container can swallow the rest and the client reads the answer instead of a
      // connection reset in the middle of its upload.
      return new ImageUpload.Batch(List.of(new ImageUpload("body", -1, request::getInputStream)));
    }
    List<ImageUpload> images = new ArrayList<>();
    for (String field : List.of(IMAGE, IMAGES)) {
      for (MultipartFile file : multipart.getFiles(field)) {
        String name = file.getOriginalFilename();
        images.add(
            new ImageUpload(
                name == null || name.isBlank() ? field : name,
                file.getSize(),
                file::getInputStream));
      }
    }
    return new ImageUpload.Batch(images);
  }
}
