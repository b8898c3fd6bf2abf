package io.kompass.app.api;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;

/**
 * Requests the API cannot even start on (a missing parameter or file, a value of the wrong kind, an upload over the
 * limit) answer as the API documents its errors, {@code {"error": "..."}}, naming what to send instead of Spring's
 * generic "Bad Request". Pages keep their error page.
 */
@RestControllerAdvice
class ApiErrors {

  @ExceptionHandler(MissingServletRequestPartException.class)
  ResponseEntity<Map<String, String>> missingPart(MissingServletRequestPartException e, HttpServletRequest request) throws Exception {
    return api(request, e, HttpStatus.BAD_REQUEST, "the request has no part '" + e.getRequestPartName() + "'"
        + ("files".equals(e.getRequestPartName()) ? ": send the files to import as multipart/form-data parts named files" : ""));
  }

  @ExceptionHandler(MissingServletRequestParameterException.class)
  ResponseEntity<Map<String, String>> missingParameter(MissingServletRequestParameterException e, HttpServletRequest request) throws Exception {
    return api(request, e, HttpStatus.BAD_REQUEST, "the parameter '" + e.getParameterName() + "' is missing");
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<Map<String, String>> wrongType(MethodArgumentTypeMismatchException e, HttpServletRequest request) throws Exception {
    Class<?> type = e.getRequiredType();
    String kind = type == null ? "value" : Number.class.isAssignableFrom(type) || type == long.class || type == int.class ? "number"
        : type.getSimpleName().toLowerCase(java.util.Locale.ROOT);
    return api(request, e, HttpStatus.BAD_REQUEST, e.getName() + ": '" + e.getValue() + "' is not a " + kind);
  }

  @ExceptionHandler(MaxUploadSizeExceededException.class)
  ResponseEntity<Map<String, String>> tooLarge(MaxUploadSizeExceededException e, HttpServletRequest request) throws Exception {
    return api(request, e, HttpStatus.CONTENT_TOO_LARGE, "the upload is larger than this server accepts"
        + (e.getMaxUploadSize() > 0 ? " (" + e.getMaxUploadSize() + " bytes)" : "") + "; import the files with kompass import on the server,"
        + " or raise KOMPASS_MAX_UPLOAD");
  }

  @ExceptionHandler(org.springframework.web.HttpMediaTypeNotSupportedException.class)
  ResponseEntity<Map<String, String>> wrongMediaType(org.springframework.web.HttpMediaTypeNotSupportedException e, HttpServletRequest request)
      throws Exception {
    return api(request, e, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "the request's content type "
        + (e.getContentType() == null ? "(none)" : e.getContentType().toString()) + " is not one this endpoint reads"
        + (request.getRequestURI().endsWith("/imports") ? ": send the files to import as multipart/form-data parts named files" : ""));
  }

  /** The API's answer; a page's request goes on to the page's own error handling. */
  private static ResponseEntity<Map<String, String>> api(HttpServletRequest request, Exception e, HttpStatus status, String message)
      throws Exception {
    if (!request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
      throw e;
    }
    return ResponseEntity.status(status).body(Map.of("error", message));
  }
}
