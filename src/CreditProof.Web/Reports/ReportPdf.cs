using CreditProof.Reports;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Net.Http.Headers;

namespace CreditProof.Web.Reports;

/// <summary>Sends a report's stored PDF bytes, as a download or inline for the browser's viewer to print.</summary>
public static class ReportPdf
{
    public static IActionResult File(PageModel page, byte[] pdf, string number, bool inline)
    {
        var fileName = $"credit-report-{ReportNumbers.ParseNumber(number)}.pdf";
        var headers = page.Response.Headers;
        // A report is personal: never kept by shared caches.
        headers.CacheControl = "no-store";
        // The site's Content-Security-Policy is written for HTML; on a PDF it can keep the browser's own viewer from starting.
        headers.Remove(HeaderNames.ContentSecurityPolicy);
        if (!inline)
            return page.File(pdf, "application/pdf", fileName);
        headers.ContentDisposition = new ContentDispositionHeaderValue("inline") { FileNameStar = fileName }.ToString();
        return page.File(pdf, "application/pdf");
    }
}
