// Record the reading in the browser (MediaRecorder) and hand it to the upload form as if it were a chosen file.
// Offered only where the browser can record; every word shown comes from the template's data attributes.
(function () {
  "use strict";
  var box = document.querySelector("[data-recorder]");
  if (!box) return;
  var input = document.getElementById(box.dataset.input);
  if (!input || !window.MediaRecorder || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || !window.DataTransfer) {
    return;
  }
  var start = box.querySelector("[data-recorder-start]");
  var stop = box.querySelector("[data-recorder-stop]");
  var status = box.querySelector("[data-recorder-status]");
  var preview = box.querySelector("audio");
  var recorder = null;
  var chunks = [];
  var started = 0;
  var timer = null;
  var maxSeconds = parseInt(box.dataset.maxSeconds, 10) || 1800;

  function clock(seconds) {
    var m = Math.floor(seconds / 60);
    var s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  function show(text) { status.textContent = text; }

  function extension(type) {
    if (type.indexOf("ogg") >= 0) return "ogg";
    if (type.indexOf("mp4") >= 0 || type.indexOf("aac") >= 0) return "m4a";
    return "webm";
  }

  start.addEventListener("click", function () {
    navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
      chunks = [];
      recorder = new MediaRecorder(stream);
      recorder.addEventListener("dataavailable", function (event) { if (event.data.size) chunks.push(event.data); });
      recorder.addEventListener("stop", function () {
        stream.getTracks().forEach(function (track) { track.stop(); });
        clearInterval(timer);
        var type = recorder.mimeType || (chunks[0] && chunks[0].type) || "audio/webm";
        var file = new File(chunks, "ghi-am." + extension(type), { type: type });
        var files = new DataTransfer();
        files.items.add(file);
        input.files = files.files;
        preview.src = URL.createObjectURL(file);
        preview.hidden = false;
        show(box.dataset.done.replace("%(time)s", clock(Math.round((Date.now() - started) / 1000))));
        start.disabled = false;
        stop.disabled = true;
      });
      recorder.start(1000);
      started = Date.now();
      start.disabled = true;
      stop.disabled = false;
      preview.hidden = true;
      show(box.dataset.recording.replace("%(time)s", "0:00"));
      timer = setInterval(function () {
        var seconds = Math.round((Date.now() - started) / 1000);
        show(box.dataset.recording.replace("%(time)s", clock(seconds)));
        if (seconds >= maxSeconds) recorder.stop();
      }, 1000);
    }).catch(function () {
      show(box.dataset.denied);
    });
  });

  stop.addEventListener("click", function () {
    if (recorder && recorder.state !== "inactive") recorder.stop();
  });

  box.hidden = false;
})();
